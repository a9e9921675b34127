package dev.progrs.cli.tasks;

import dev.progrs.cli.benchmarks.BenchmarksDirOption;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.eval.BenchmarkEvaluation;
import dev.progrs.tasks.eval.EvaluationReport;
import dev.progrs.tasks.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code progrs eval}: Pass@1 of a predictions file on a benchmark. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Scores model outputs on a benchmark and prints Pass@1 overall, by subject and by level.",
                "Predictions: JSON lines {\"id\": \"...\", \"output\": \"...\"} or {\"index\": N, \"output\": \"...\"};",
                "several lines for one problem are averaged (Pass@1 from k samples); problems without a line score 0."})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--benchmark", required = true, converter = SuiteName.class, completionCandidates = SuiteName.class,
            description = "Benchmark: ${COMPLETION-CANDIDATES} (arithmetic = the built-in suite's test split, seed 1).")
    String benchmark;

    @Option(names = "--predictions", required = true, paramLabel = "FILE", description = "JSON lines of model outputs.")
    Path predictions;

    @Mixin
    BenchmarksDirOption benchmarks;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(predictions)) {
            throw new IllegalArgumentException("--predictions " + predictions.toAbsolutePath() + " is not a readable file");
        }
        List<Problem> problems = ArithmeticSuite.NAME.equals(benchmark)
                ? new ArithmeticSuite(ArithmeticSuiteConfig.defaults()).testSet()
                : benchmarks.load(Benchmark.parse(benchmark));
        try (Verifier verifier = new Verifier(); Reader r = Files.newBufferedReader(predictions, StandardCharsets.UTF_8)) {
            EvaluationReport report = BenchmarkEvaluation.evaluate(benchmark, problems, r, verifier);
            System.out.print(report.format());
        }
        return 0;
    }
}
