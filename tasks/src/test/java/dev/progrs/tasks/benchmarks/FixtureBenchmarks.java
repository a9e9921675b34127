package dev.progrs.tasks.benchmarks;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The project's own benchmark-shaped fixtures in {@code src/test/resources/.../benchmarks/fixtures}:
 * a few made-up problems per benchmark, under the real file names, with every field variant the
 * real files have (and the loader's fallbacks: no {@code answer} in a MATH line, only
 * {@code question} in an AMC line, a blank line).
 */
public final class FixtureBenchmarks {

    /** Problems per fixture file. */
    public static final java.util.Map<Benchmark, Integer> COUNTS = java.util.Map.of(Benchmark.MATH500, 6, Benchmark.AIME24, 3,
            Benchmark.AMC23, 4, Benchmark.MINERVA, 3, Benchmark.OLYMPIADBENCH, 8, Benchmark.GSM8K, 3);

    private FixtureBenchmarks() {
    }

    /** The fixtures directory (a benchmarks directory). */
    public static Path dir() {
        URL url = FixtureBenchmarks.class.getResource("fixtures");
        if (url == null) {
            throw new IllegalStateException("test resource dev/progrs/tasks/benchmarks/fixtures is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file URI", e);
        }
    }

    /** The fixture file of {@code benchmark}. */
    public static Path file(Benchmark benchmark) {
        return dir().resolve(benchmark.fileName());
    }
}
