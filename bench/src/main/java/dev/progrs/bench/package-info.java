/** Benchmarks: JMH and throughput harnesses. */
package dev.progrs.bench;
