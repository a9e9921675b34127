package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.benchmarks.fetch.DownloadProgress;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A download's progress as the project's usual ASCII bar (me.tongfei progressbar), in KiB with the
 * speed, redrawn in place on a command's stderr. Built at the first {@link #started} so it knows
 * the size and where a resumed download begins; its refresh thread ends at {@link #close}.
 */
final class DownloadBar implements DownloadProgress {

    private final String task;
    private final PrintWriter err;
    private ProgressBar bar;

    DownloadBar(String task, PrintWriter err) {
        this.task = task;
        this.err = err;
    }

    @Override
    public void started(long total, long from) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" KiB", 1024).showSpeed().startsFrom(from, Duration.ZERO).setUpdateIntervalMillis(200)
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r');
                        err.print(line);
                        err.flush();
                    }, 100))
                    .build();
        } else {
            bar.stepTo(from);
        }
    }

    @Override
    public void advanced(long done) {
        bar.stepTo(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
        }
    }
}
