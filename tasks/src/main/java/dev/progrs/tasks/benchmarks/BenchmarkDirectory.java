package dev.progrs.tasks.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark files live: an explicit directory if given, else
 * {@code ${progrs.shared.dir}/data/benchmarks} (system property; surefire sets it), else
 * {@code $PROGRS_SHARED_DIR/data/benchmarks}, else {@code ../shared/data/benchmarks} relative to the
 * working directory.
 */
public final class BenchmarkDirectory {

    /** System property naming the shared directory. */
    public static final String SHARED_DIR_PROPERTY = "progrs.shared.dir";
    /** Environment variable naming the shared directory. */
    public static final String SHARED_DIR_ENV = "PROGRS_SHARED_DIR";

    private BenchmarkDirectory() {
    }

    /**
     * Resolves the benchmarks directory.
     *
     * @param explicit a directory given by the user ({@code --benchmarks-dir}), or {@code null}
     * @throws IllegalArgumentException naming the path tried and how to set it, when it is not a directory
     */
    public static Path resolve(Path explicit) {
        Path dir;
        String source;
        if (explicit != null) {
            dir = explicit;
            source = "--benchmarks-dir";
        } else if (System.getProperty(SHARED_DIR_PROPERTY) != null) {
            dir = Path.of(System.getProperty(SHARED_DIR_PROPERTY), "data", "benchmarks");
            source = "system property " + SHARED_DIR_PROPERTY;
        } else if (System.getenv(SHARED_DIR_ENV) != null) {
            dir = Path.of(System.getenv(SHARED_DIR_ENV), "data", "benchmarks");
            source = "environment variable " + SHARED_DIR_ENV;
        } else {
            dir = Path.of("..", "shared", "data", "benchmarks");
            source = "default ../shared/data/benchmarks";
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new IllegalArgumentException("benchmarks directory " + abs + " (from " + source + ") does not exist; "
                    + "pass --benchmarks-dir DIR, or set -D" + SHARED_DIR_PROPERTY + "=SHARED or " + SHARED_DIR_ENV
                    + "=SHARED where SHARED/data/benchmarks holds " + Benchmark.accepted());
        }
        return abs;
    }
}
