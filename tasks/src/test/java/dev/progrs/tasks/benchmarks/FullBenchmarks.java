package dev.progrs.tasks.benchmarks;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

/**
 * The full benchmark files, for the tests that need them: read from
 * {@code PROGRS_BENCHMARKS_DIR} (or the system property {@code progrs.benchmarks.dir}) only, never
 * fetched. Without it those tests are skipped (JUnit assumption, so they count as skipped, not
 * passed) and say so on stdout; a directory that is configured but missing fails them.
 */
final class FullBenchmarks {

    /** What a skipped test prints. */
    static final String SKIPPED = "SKIPPED full-benchmark test: " + BenchmarkSettings.DIR_VARIABLE + " not set";

    private FullBenchmarks() {
    }

    /** The configured directory, or a skip of the calling test. */
    static Path dirOrSkip(String test) {
        BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(null);
        if (settings.usesCache()) {
            System.out.println(SKIPPED + " (" + test + ")");
        }
        Assumptions.assumeFalse(settings.usesCache(), SKIPPED);
        return settings.localDir();
    }
}
