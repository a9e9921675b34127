package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkFiles;
import dev.progrs.tasks.benchmarks.BenchmarkSettings;
import dev.progrs.tasks.benchmarks.CachedFile;
import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code progrs benchmarks fetch [NAME…]}: downloads benchmarks into the cache, checked against their pinned SHA-256. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Downloads benchmarks into the cache $PROGRS_HOME/benchmarks (default ~/.cache/progrs/benchmarks) "
                + "from their commit-pinned public sources (or $PROGRS_BENCHMARKS_MIRROR), with a progress bar; each file is "
                + "checked against its pinned SHA-256 before it is moved in, and a cut download resumes.",
                "Already cached files are kept. Exits 1 if any benchmark could not be fetched, after trying them all."})
public final class BenchmarksFetchCommand implements Callable<Integer> {

    // strings, parsed in call(): picocli reports a positional value it cannot convert as "unmatched", without the accepted list
    @Parameters(arity = "0..*", paramLabel = "NAME", completionCandidates = BenchmarkName.class,
            description = "Benchmarks to fetch: ${COMPLETION-CANDIDATES} (default: all).")
    List<String> names;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Benchmark> todo = names == null || names.isEmpty() ? Arrays.asList(Benchmark.values())
                : names.stream().map(Benchmark::parse).distinct().toList();
        BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(null);
        BenchmarkFiles files = new BenchmarkFiles(settings, new FileDownload(), new ConsoleFetchListener(err));
        int failed = 0;
        for (Benchmark b : todo) {
            try {
                boolean had = files.inspect(b).state() == CachedFile.State.VERIFIED;
                if (!had) {
                    err.println("progrs benchmarks fetch: " + b.id() + " from " + files.source(b).url());
                    err.flush();
                }
                CachedFile f = files.fetch(b);
                System.out.printf("%-14s %-8s %9d bytes  sha256 %s  %s%n", b.id(), had ? "cached" : "fetched", f.bytes(),
                        f.sha256(), f.path());
            } catch (IOException e) {
                failed++;
                err.println(spec.commandLine().getColorScheme().errorText("progrs benchmarks fetch: " + b.id() + ": " + e.getMessage()));
                err.flush();
            }
        }
        if (!settings.usesCache()) {
            err.println("note: commands read benchmarks from " + settings.localDir() + " (" + settings.localDirOrigin()
                    + "), not from this cache, while it is set");
        }
        return failed == 0 ? 0 : 1;
    }
}
