/**
 * The maths benchmarks (MATH-500, AIME24, AMC23, Minerva, OlympiadBench, GSM8K): where their files
 * come from ({@link dev.progrs.tasks.benchmarks.BenchmarkSettings}: a local directory, or the
 * download cache filled on first use from each benchmark's commit-pinned public source), and
 * loaders into {@link dev.progrs.tasks.Problem}s with their gold answers extracted.
 */
package dev.progrs.tasks.benchmarks;
