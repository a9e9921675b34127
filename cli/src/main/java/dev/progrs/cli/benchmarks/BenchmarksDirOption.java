package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkFiles;
import dev.progrs.tasks.benchmarks.BenchmarkSettings;
import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --benchmarks-dir} option of every command that reads a benchmark ({@code eval},
 * {@code tasks sample}, {@code feed}), and the files it leads to: that directory, else
 * {@code PROGRS_BENCHMARKS_DIR}, else the cache, fetched on first use ({@link BenchmarkSettings}).
 */
public final class BenchmarksDirOption {

    @Option(names = BenchmarkSettings.DIR_FLAG, paramLabel = "DIR",
            description = "Directory of local benchmark files (math500.jsonl, aime24.jsonl, amc23.jsonl, minerva_math.jsonl, "
                    + "olympiadbench.jsonl, gsm8k_test.jsonl). Default: $PROGRS_BENCHMARKS_DIR, else the cache "
                    + "$PROGRS_HOME/benchmarks (~/.cache/progrs/benchmarks), fetched on first use; see `progrs benchmarks list`.")
    Path dir;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** The benchmark files for this command; notices and progress go to its stderr. */
    public BenchmarkFiles files() {
        PrintWriter err = mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
        return new BenchmarkFiles(BenchmarkSettings.fromEnvironment(dir), new FileDownload(), new ConsoleFetchListener(err));
    }

    /** The problems of {@code benchmark}, fetched first if need be. */
    public List<Problem> load(Benchmark benchmark) throws IOException {
        return files().load(benchmark);
    }
}
