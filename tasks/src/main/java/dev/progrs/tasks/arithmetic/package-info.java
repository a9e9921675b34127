/**
 * The built-in multi-step arithmetic suite (modulo 10 by default, 2–8 steps): seeded generator,
 * fixed held-out test split, reference solutions in the policy's format ({@code d=15-7=8} per line,
 * then {@code Answer: v}), flawed solutions for warm-start data and PRM tests, and the character
 * {@link dev.progrs.tasks.arithmetic.ArithmeticSuite#ALPHABET alphabet} of everything it writes.
 */
package dev.progrs.tasks.arithmetic;
