package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import dev.progrs.tasks.benchmarks.fetch.PinnedFile;
import dev.progrs.tasks.benchmarks.fetch.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The download cache: one file per benchmark under its {@link Benchmark#fileName()}, so the cache
 * has the layout of a benchmarks directory. Files arrive only whole and checked
 * ({@link FileDownload} writes {@code NAME.part} and moves it in after the SHA-256 check).
 *
 * @param dir the cache directory ({@code $PROGRS_HOME/benchmarks})
 */
public record BenchmarkCache(Path dir) {

    public BenchmarkCache {
        Objects.requireNonNull(dir, "dir");
    }

    /** Where {@code benchmark}'s file is in the cache. */
    public Path file(Benchmark benchmark) {
        return dir.resolve(benchmark.fileName());
    }

    /** What the cache holds for {@code benchmark}, checked against its own pinned source. */
    public CachedFile inspect(Benchmark benchmark) throws IOException {
        return inspect(benchmark, benchmark.source());
    }

    /** What the cache holds for {@code benchmark}, checked against {@code expected}; hashes the file when there is one. */
    public CachedFile inspect(Benchmark benchmark, PinnedFile expected) throws IOException {
        Path file = file(benchmark);
        if (Files.isRegularFile(file)) {
            long size = Files.size(file);
            String sha = Sha256.of(file);
            boolean ok = size == expected.size() && sha.equals(expected.sha256());
            return new CachedFile(benchmark, file, ok ? CachedFile.State.VERIFIED : CachedFile.State.MISMATCH, size, sha);
        }
        Path part = FileDownload.partFile(file);
        if (Files.isRegularFile(part)) {
            return new CachedFile(benchmark, file, CachedFile.State.PARTIAL, Files.size(part), null);
        }
        return new CachedFile(benchmark, file, CachedFile.State.ABSENT, 0, null);
    }
}
