/**
 * {@code progrs benchmarks fetch|list} and the {@code --benchmarks-dir} option the benchmark-reading
 * commands share: where benchmark files come from, fetched into the cache on first use with a
 * notice and a progress bar on stderr.
 */
package dev.progrs.cli.benchmarks;
