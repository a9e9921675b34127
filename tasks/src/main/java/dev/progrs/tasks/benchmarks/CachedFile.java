package dev.progrs.tasks.benchmarks;

import java.nio.file.Path;

/**
 * What the cache holds for one benchmark.
 *
 * @param benchmark the benchmark
 * @param path      where its file is (or would be) in the cache
 * @param state     whether it is there and whole
 * @param bytes     bytes on disk: of the file, of the {@code .part} when {@link State#PARTIAL}, else 0
 * @param sha256    SHA-256 of the file on disk, or {@code null} when there is none
 */
public record CachedFile(Benchmark benchmark, Path path, State state, long bytes, String sha256) {

    /** States of a cached file. */
    public enum State {
        /** Neither the file nor a partial download is there. */
        ABSENT,
        /** Only a partial download ({@code .part}) is there; the next fetch resumes it. */
        PARTIAL,
        /** The file is there with the pinned SHA-256. */
        VERIFIED,
        /** A file is there whose SHA-256 is not the pinned one (placed by hand?); it is not used. */
        MISMATCH
    }
}
