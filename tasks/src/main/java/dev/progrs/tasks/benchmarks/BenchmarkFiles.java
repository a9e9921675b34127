package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.benchmarks.fetch.DownloadException;
import dev.progrs.tasks.benchmarks.fetch.DownloadProgress;
import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import dev.progrs.tasks.benchmarks.fetch.PinnedFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds a benchmark's file as {@link BenchmarkSettings} say: in the local directory when one is
 * configured, else in the cache, fetching it there on first use (with a one-line notice). A cached
 * file is used only when its SHA-256 is the pinned one.
 */
public final class BenchmarkFiles {

    private final BenchmarkSettings settings;
    private final Function<Benchmark, PinnedFile> sources;
    private final FileDownload download;
    private final FetchListener listener;

    /** Fetches from {@link BenchmarkSettings#source(Benchmark)}: the pinned sources, or the mirror. */
    public BenchmarkFiles(BenchmarkSettings settings, FileDownload download, FetchListener listener) {
        this(settings, settings::source, download, listener);
    }

    /**
     * @param sources where each benchmark is fetched from and the bytes it must have (tests pin
     *                their own fixtures here; the cache checks files against these too)
     */
    public BenchmarkFiles(BenchmarkSettings settings, Function<Benchmark, PinnedFile> sources, FileDownload download,
                          FetchListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.download = Objects.requireNonNull(download, "download");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public BenchmarkSettings settings() {
        return settings;
    }

    /** The problems of {@code benchmark}, read from {@link #directoryFor}. */
    public List<Problem> load(Benchmark benchmark) throws IOException {
        return BenchmarkLoader.load(benchmark, directoryFor(benchmark));
    }

    /**
     * The directory that holds {@code benchmark}'s file, fetched into the cache first when the cache
     * is in use and lacks it.
     *
     * @throws IllegalArgumentException when the configured local directory lacks the file
     * @throws IOException              when the file is not cached and cannot be fetched (the message
     *                                  names the URL, the expected SHA-256 and the manual step), or
     *                                  when the cached file is not the pinned one
     */
    public Path directoryFor(Benchmark benchmark) throws IOException {
        if (!settings.usesCache()) {
            Path file = settings.localDir().resolve(benchmark.fileName());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("benchmark file " + file + " does not exist (directory from "
                        + settings.localDirOrigin() + "); accepted: a directory holding " + benchmark.fileName()
                        + ", or unset " + BenchmarkSettings.DIR_VARIABLE + " and drop " + BenchmarkSettings.DIR_FLAG
                        + " to fetch it into the cache " + settings.cache().dir());
            }
            return settings.localDir();
        }
        PinnedFile source = sources.apply(benchmark);
        CachedFile cached = settings.cache().inspect(benchmark, source);
        switch (cached.state()) {
            case VERIFIED -> {
                return settings.cache().dir();
            }
            case MISMATCH -> throw mismatch(cached, source);
            case ABSENT, PARTIAL -> {
                listener.notice("progrs: " + benchmark.id() + " is not in the cache yet; fetching it once from " + source.url()
                        + " to " + cached.path()
                        + (cached.state() == CachedFile.State.PARTIAL ? " (resuming after " + cached.bytes() + " bytes)" : ""));
                try {
                    fetchInto(benchmark, source, cached.path());
                } catch (DownloadException e) {
                    throw new IOException(benchmark.id() + " is not cached and could not be fetched: " + e.getMessage()
                            + " Or read a local copy: " + BenchmarkSettings.DIR_FLAG + " DIR or " + BenchmarkSettings.DIR_VARIABLE
                            + "=DIR, where DIR holds " + benchmark.fileName() + ".", e);
                }
                return settings.cache().dir();
            }
            default -> throw new IllegalStateException("unhandled cache state " + cached.state());
        }
    }

    /**
     * Fetches {@code benchmark} into the cache unless it is there and verified, whatever the local
     * directory setting ({@code progrs benchmarks fetch}).
     *
     * @return the cache's state for it afterwards ({@link CachedFile.State#VERIFIED})
     * @throws DownloadException when it cannot be fetched
     * @throws IOException       when the cache holds a file that is not the pinned one
     */
    public CachedFile fetch(Benchmark benchmark) throws IOException {
        PinnedFile source = sources.apply(benchmark);
        CachedFile cached = settings.cache().inspect(benchmark, source);
        if (cached.state() == CachedFile.State.VERIFIED) {
            return cached;
        }
        if (cached.state() == CachedFile.State.MISMATCH) {
            throw mismatch(cached, source);
        }
        fetchInto(benchmark, source, cached.path());
        return settings.cache().inspect(benchmark, source);
    }

    private void fetchInto(Benchmark benchmark, PinnedFile source, Path target) throws DownloadException {
        try (DownloadProgress progress = listener.progress(benchmark)) {
            download.fetch(source, target, progress);
        }
    }

    /** What the cache holds for {@code benchmark}, checked against the bytes it is fetched with. */
    public CachedFile inspect(Benchmark benchmark) throws IOException {
        return settings.cache().inspect(benchmark, sources.apply(benchmark));
    }

    /** Where {@code benchmark} is fetched from. */
    public PinnedFile source(Benchmark benchmark) {
        return sources.apply(benchmark);
    }

    private static IOException mismatch(CachedFile cached, PinnedFile source) {
        return new IOException("cached file " + cached.path() + " has sha256 " + cached.sha256() + " (" + cached.bytes()
                + " bytes), not the pinned " + source.sha256() + " (" + source.size() + " bytes) of " + source.url()
                + "; downloads are checked before they are moved in, so it was placed or changed by hand. Delete it and run "
                + "`progrs benchmarks fetch " + cached.benchmark().id() + "`, or read your copy with "
                + BenchmarkSettings.DIR_FLAG + " DIR.");
    }
}
