package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.benchmarks.Benchmark;

import java.util.Arrays;
import java.util.Iterator;

/** Picocli completion candidates: the benchmark names. */
final class BenchmarkName implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Benchmark.values()).map(Benchmark::id).iterator();
    }
}
