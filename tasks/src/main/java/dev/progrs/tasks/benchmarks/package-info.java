/**
 * Loaders of the maths benchmark files (MATH-500, AIME24, AMC23, Minerva, OlympiadBench, GSM8K) into
 * {@link dev.progrs.tasks.Problem}s with their gold answers extracted.
 */
package dev.progrs.tasks.benchmarks;
