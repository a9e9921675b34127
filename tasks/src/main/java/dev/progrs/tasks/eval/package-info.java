/**
 * Batch jobs behind {@code progrs verify} and {@code progrs eval}: JSON lines in, verdicts or Pass@1
 * reports out.
 */
package dev.progrs.tasks.eval;
