package dev.progrs.cli.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progrs.cli.benchmarks.BenchmarksDirOption;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import dev.progrs.tasks.arithmetic.Operation;
import dev.progrs.tasks.benchmarks.Benchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code progrs tasks sample}: prints problems with their reference solutions. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Prints N problems of a suite with their reference solutions (and gold answers).")
public final class TasksSampleCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { text, jsonl }

    /** Splits of the arithmetic suite. */
    public enum Split { train, test }

    private static final ArithmeticSuiteConfig D = ArithmeticSuiteConfig.defaults();

    @Option(names = "--suite", converter = SuiteName.class, completionCandidates = SuiteName.class,
            description = "Suite: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String suite = ArithmeticSuite.NAME;

    @Option(names = "--n", description = "Number of problems (default: ${DEFAULT-VALUE}).")
    int n = 5;

    @Option(names = "--seed", description = "Suite seed (arithmetic) or sampling seed (benchmarks) (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--edition", description = "Arithmetic suite edition: v2 (the testbed), v1 (its last-three-values answer) or v0 (the first suite) (default: ${DEFAULT-VALUE}).")
    String edition = D.version().configName();

    @Option(names = "--split", description = "Arithmetic split: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Split split = Split.train;

    @Option(names = "--steps", description = "Arithmetic: exactly this many steps per problem (default: drawn from min..max).")
    Integer steps;

    @Option(names = "--min-steps", description = "Arithmetic: fewest steps (default: ${DEFAULT-VALUE}).")
    int minSteps = D.minSteps();

    @Option(names = "--max-steps", description = "Arithmetic: most steps (default: ${DEFAULT-VALUE}).")
    int maxSteps = D.maxSteps();

    @Option(names = "--modulus", description = "Arithmetic: values modulo this (default: ${DEFAULT-VALUE}).")
    int modulus = D.modulus();

    @Option(names = "--operations", split = ",", description = "Arithmetic: operations, ${COMPLETION-CANDIDATES} (default: all).")
    Set<Operation> operations = EnumSet.allOf(Operation.class);

    @Option(names = "--distractors", description = "Arithmetic: unused given quantities (default: ${DEFAULT-VALUE}).")
    int distractors = D.distractors();

    @Option(names = "--flawed", description = "Arithmetic: also print a flawed solution of this kind: ${COMPLETION-CANDIDATES}.")
    FlawedSolutions.Kind flawed;

    @Mixin
    BenchmarksDirOption benchmarks;

    @Option(names = "--format", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Override
    public Integer call() throws IOException {
        InvalidSettingException.require(n >= 0, "--n", n, "an integer >= 0");
        List<Problem> problems = new ArrayList<>();
        ArithmeticSuite arithmetic = null;
        if (ArithmeticSuite.NAME.equals(suite)) {
            ArithmeticSuiteConfig config = new ArithmeticSuiteConfig(minSteps, maxSteps, modulus, operations, distractors,
                    split == Split.test ? D.testSetSize() : Math.min(D.testSetSize(), 7 * (maxSteps - minSteps + 1)), seed,
                    dev.progrs.tasks.arithmetic.SuiteVersion.fromConfig(edition));
            arithmetic = new ArithmeticSuite(config);
            for (int i = 0; i < n; i++) {
                if (split == Split.test) {
                    if (i >= arithmetic.testSet().size()) {
                        break;
                    }
                    problems.add(arithmetic.testSet().get(i));
                } else {
                    problems.add(steps == null ? arithmetic.trainProblem(i) : arithmetic.trainProblem(i, steps));
                }
            }
        } else {
            List<Problem> all = benchmarks.load(Benchmark.parse(suite));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                order.add(i);
            }
            SplittableRandom rng = new SplittableRandom(seed);
            for (int i = order.size() - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, rng.nextInt(i + 1));
            }
            for (int i = 0; i < Math.min(n, all.size()); i++) {
                problems.add(all.get(order.get(i)));
            }
        }
        ObjectMapper json = new ObjectMapper();
        SplittableRandom flawRng = new SplittableRandom(seed);
        for (Problem p : problems) {
            String flawedText = null;
            if (flawed != null && arithmetic != null) {
                FlawedSolutions.Flawed f = FlawedSolutions.random(arithmetic.parse(p), flawed, flawRng);
                flawedText = f.solution();
            }
            if (format == Format.jsonl) {
                ObjectNode o = json.valueToTree(p);
                if (flawedText != null) {
                    o.put("flawedSolution", flawedText);
                }
                System.out.println(o);
            } else {
                System.out.println("# " + p.id() + (p.difficulty() == null ? "" : "  (difficulty " + p.difficulty() + ")"));
                System.out.println(p.text());
                if (p.referenceSolution() != null && arithmetic != null) {
                    System.out.println(p.referenceSolution());
                } else {
                    System.out.println("gold: " + p.goldAnswer());
                }
                if (flawedText != null) {
                    System.out.println("-- flawed (" + flawed + "):");
                    System.out.println(flawedText);
                }
                System.out.println();
            }
        }
        return 0;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
}
