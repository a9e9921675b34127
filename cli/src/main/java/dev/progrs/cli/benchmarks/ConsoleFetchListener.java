package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.FetchListener;
import dev.progrs.tasks.benchmarks.fetch.DownloadProgress;

import java.io.PrintWriter;

/** Fetch notices as lines on stderr, downloads as {@link DownloadBar}s. */
public final class ConsoleFetchListener implements FetchListener {

    private final PrintWriter err;

    public ConsoleFetchListener(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void notice(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public DownloadProgress progress(Benchmark benchmark) {
        return new DownloadBar(benchmark.id(), err);
    }
}
