package dev.progrs.bench;

import dev.progrs.cli.benchmarks.ConsoleFetchListener;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkFiles;
import dev.progrs.tasks.benchmarks.BenchmarkSettings;
import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import dev.progrs.tasks.verify.AnswerEquivalence;
import dev.progrs.tasks.verify.AnswerShape;
import dev.progrs.tasks.verify.EquivalenceConfig;
import dev.progrs.tasks.verify.ExactNumber;
import dev.progrs.tasks.verify.LatexNormalizer;
import dev.progrs.tasks.verify.SymbolicEngine;
import dev.progrs.tasks.verify.SymbolicOutcome;
import dev.progrs.tasks.verify.Verifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Verifier throughput. Workloads, each timed per call, 5 runs after one warm-up pass:
 * <ol>
 *   <li>MATH-500 golds vs themselves: {@code verify("The answer is $\boxed{g}$.", g)} for all 500 golds;</li>
 *   <li>MATH-500 normalised golds vs golds: {@code verifyAnswer(normalize(g), g)}: the structural
 *       and exact-number paths, and Symja for the golds that need it;</li>
 *   <li>symbolic path alone: {@link SymbolicEngine#compare} of each non-numeric, non-word scalar gold
 *       with itself (what a CAS call costs);</li>
 *   <li>arithmetic suite: reference solutions of the 500 test problems vs their answers (the
 *       rollout reward path).</li>
 * </ol>
 * Reports verifications/s (median of runs, min–max) and the p99 latency of one call (over all
 * calls of all runs). Usage: {@code bench/run VerifierBenchmark [--benchmarks-dir DIR] [--runs N]}.
 */
public final class VerifierBenchmark {

    private VerifierBenchmark() {
    }

    private interface Call {
        boolean run(int i);
    }

    public static void main(String[] args) throws java.io.IOException {
        Path dir = null;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--benchmarks-dir" -> dir = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i] + "; accepted: --benchmarks-dir DIR, --runs N");
                    System.exit(2);
                }
            }
        }
        List<Problem> math = new BenchmarkFiles(BenchmarkSettings.fromEnvironment(dir), new FileDownload(),
                new ConsoleFetchListener(new java.io.PrintWriter(System.err, true))).load(Benchmark.MATH500);
        List<String> golds = math.stream().map(Problem::goldAnswer).toList();
        List<String> symbolic = new ArrayList<>();
        // what AnswerEquivalence sends to Symja: single values that are not numbers, words or choice letters
        Predicate<String> needsCas = n -> AnswerShape.of(n) instanceof AnswerShape.Scalar && !ExactNumber.isLiteral(n)
                && !LatexNormalizer.isWord(n) && !n.matches("\\(?[A-E]\\)?");
        for (String g : golds) {
            String n = LatexNormalizer.normalize(g);
            if (needsCas.test(n)) {
                symbolic.add(AnswerEquivalence.forSymja(n));
            }
        }
        List<Problem> arithmetic = new ArithmeticSuite(ArithmeticSuiteConfig.defaults()).testSet();
        System.out.println("# VerifierBenchmark: " + Measurements.machine() + ", " + runs + " runs");
        long t0 = System.nanoTime();
        try (Verifier verifier = new Verifier(); SymbolicEngine engine = new SymbolicEngine(
                EquivalenceConfig.defaults().symbolicTimeout(), EquivalenceConfig.defaults().randomPoints(), 42)) {
            verifier.equivalence().warmSymbolic();
            System.out.printf("symbolic engine warm-up (Verifier): %.1f s%n", (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            engine.warm();
            System.out.printf("symbolic engine warm-up (second engine, classes loaded): %.1f s%n", (System.nanoTime() - t1) / 1e9);
            System.out.println();
            System.out.println("| workload | calls/run (list × repeats) | verifications/s, median (min–max) | p50 per call | p99 per call | correct |");
            System.out.println("|---|---|---|---|---|---|");
            measure("MATH-500 golds vs themselves (boxed in a sentence)", golds.size(), runs,
                    i -> verifier.verify("The answer is $\\boxed{" + golds.get(i) + "}$.", golds.get(i)).correct());
            measure("MATH-500 normalised golds vs golds", golds.size(), runs,
                    i -> verifier.verifyAnswer(LatexNormalizer.normalize(golds.get(i)), golds.get(i)).correct());
            measure("symbolic path only (Symja, " + symbolic.size() + " CAS-bound golds vs themselves)", symbolic.size(), runs,
                    i -> engine.compare(symbolic.get(i), symbolic.get(i)).kind() == SymbolicOutcome.Kind.EQUAL);
            measure("arithmetic suite: reference solution vs answer", arithmetic.size(), runs,
                    i -> verifier.verify(arithmetic.get(i).referenceSolution(), arithmetic.get(i).goldAnswer()).correct());
            System.out.println();
            System.out.println("symbolic engine started by the arithmetic workload alone: never (checked by VerifierTest)");
        }
        System.exit(0);
    }

    /** Each run repeats the workload for about 1 s (calibrated after warm-up), so one pause does not decide a run. */
    private static void measure(String name, int n, int runs, Call call) {
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += call.run(i) ? 1 : 0;
        }
        // calibrate on warm code: passes that fit in 0.5 s, so a run of 2× that lasts about 1 s
        long calibrate = System.nanoTime();
        int passes = 0;
        do {
            for (int i = 0; i < n; i++) {
                call.run(i);
            }
            passes++;
        } while (System.nanoTime() - calibrate < 500_000_000L && passes < 10_000);
        int reps = Math.max(1, 2 * passes);
        double[] rates = new double[runs];
        double[] latencies = new double[runs * n * reps];
        int k = 0;
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            for (int rep = 0; rep < reps; rep++) {
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    call.run(i);
                    latencies[k++] = (System.nanoTime() - s) / 1e3;
                }
            }
            rates[r] = (double) n * reps / ((System.nanoTime() - start) / 1e9);
        }
        System.out.printf("| %s | %d × %d | %s | %s | %s | %d/%d |%n", name, n, reps, Measurements.describe(rates, "%,.0f"),
                micros(Measurements.quantile(latencies, 0.5)), micros(Measurements.quantile(latencies, 0.99)), correct, n);
    }

    private static String micros(double us) {
        return us >= 1000 ? String.format("%.1f ms", us / 1000) : String.format("%.1f µs", us);
    }
}
