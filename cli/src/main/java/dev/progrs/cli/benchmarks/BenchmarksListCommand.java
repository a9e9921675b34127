package dev.progrs.cli.benchmarks;

import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkSettings;
import dev.progrs.tasks.benchmarks.CachedFile;
import dev.progrs.tasks.benchmarks.fetch.PinnedFile;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code progrs benchmarks list}: what the cache holds, where, and where commands read benchmarks from now. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Shows, per benchmark, whether the cache holds it (checked against its pinned SHA-256), the file's "
                + "path and its source, and where eval, tasks sample and feed read benchmarks from with the current environment.")
public final class BenchmarksListCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        BenchmarkSettings settings = BenchmarkSettings.fromEnvironment(null);
        System.out.println("commands read " + settings.describe()
                + (settings.usesCache() ? ", fetching a missing file on first use" : ""));
        System.out.println("cache: " + settings.cache().dir());
        System.out.printf("%n%-14s %-10s %9s  %s%n", "benchmark", "state", "bytes", "file");
        for (Benchmark b : Benchmark.values()) {
            CachedFile f = settings.cache().inspect(b, settings.source(b));
            System.out.printf("%-14s %-10s %9s  %s%n", b.id(), label(f.state()), f.state() == CachedFile.State.ABSENT ? "-" : f.bytes(),
                    f.path());
        }
        if (!settings.usesCache()) {
            System.out.printf("%nin %s (%s):%n", settings.localDir(), settings.localDirOrigin());
            for (Benchmark b : Benchmark.values()) {
                Path p = settings.localDir().resolve(b.fileName());
                System.out.printf("%-14s %-10s %9s  %s%n", b.id(), Files.isRegularFile(p) ? "present" : "missing",
                        Files.isRegularFile(p) ? Files.size(p) : "-", p);
            }
        }
        System.out.printf("%nsources (each download is checked against this sha256):%n");
        for (Benchmark b : Benchmark.values()) {
            PinnedFile s = settings.source(b);
            System.out.printf("%-14s %s%n%-14s sha256 %s, %d bytes%n", b.id(), s.url(), "", s.sha256(), s.size());
        }
        System.out.println("\nfetch with `progrs benchmarks fetch [NAME...]`; a file placed by hand is used when its sha256 matches.");
        return 0;
    }

    private static String label(CachedFile.State state) {
        return switch (state) {
            case ABSENT -> "missing";
            case PARTIAL -> "partial";
            case VERIFIED -> "cached";
            case MISMATCH -> "MISMATCH";
        };
    }
}
