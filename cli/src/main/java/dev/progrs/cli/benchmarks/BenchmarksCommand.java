package dev.progrs.cli.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code progrs benchmarks}: the benchmark files' download cache. */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = {"The maths benchmarks' files: fetch them into the cache, or list what is cached and where.",
                "Commands read a benchmark from --benchmarks-dir DIR, else $PROGRS_BENCHMARKS_DIR, else the cache "
                        + "$PROGRS_HOME/benchmarks (default ~/.cache/progrs/benchmarks), which they fill on first use."},
        subcommands = {BenchmarksFetchCommand.class, BenchmarksListCommand.class})
public final class BenchmarksCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
