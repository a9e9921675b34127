package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.benchmarks.fetch.DownloadProgress;

/** Hears what {@link BenchmarkFiles} fetches: a one-line notice, then a download's progress. */
public interface FetchListener {

    /** Shows nothing. */
    FetchListener SILENT = new FetchListener() {
        @Override
        public void notice(String line) {
        }

        @Override
        public DownloadProgress progress(Benchmark benchmark) {
            return DownloadProgress.NONE;
        }
    };

    /** A line for the user (stderr in the command line). */
    void notice(String line);

    /** Progress display for one benchmark's download; closed when it ends. */
    DownloadProgress progress(Benchmark benchmark);
}
