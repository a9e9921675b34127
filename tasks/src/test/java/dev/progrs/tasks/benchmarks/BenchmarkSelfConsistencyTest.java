package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.verify.LatexNormalizer;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.SharedVerifier;
import dev.progrs.tasks.verify.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every gold answer of every benchmark file, verified (1) against itself, (2) against its own
 * normalised form, (3) boxed inside a sentence, must be correct; (4) against a perturbed value must
 * be incorrect. Rates are printed per benchmark; failures not listed (with a reason) in
 * {@code self-consistency-known-failures.tsv} fail the test. Runs on the fixtures always and on the
 * full files when {@code PROGRS_BENCHMARKS_DIR} is set ({@link FullBenchmarks}).
 */
class BenchmarkSelfConsistencyTest {

    private static final String KNOWN = "self-consistency-known-failures.tsv";
    private static Verifier verifier;

    @BeforeAll
    static void setUp() {
        verifier = SharedVerifier.get();
    }

    @Test
    void fixtureGoldsVerifyAgainstThemselvesAndNotAgainstPerturbations() throws IOException {
        check(FixtureBenchmarks.dir(), Set.of());
    }

    @Test
    void fullBenchmarkGoldsVerifyAgainstThemselvesAndNotAgainstPerturbations() throws IOException {
        Path dir = FullBenchmarks.dirOrSkip("BenchmarkSelfConsistencyTest.fullBenchmarkGolds");
        Set<String> known = knownFailures();
        check(dir, known);
        assertTrue(known.size() < 40, "too many known failures: " + known.size());
    }

    private static void check(Path dir, Set<String> known) {
        List<String> unexpected = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        StringBuilder report = new StringBuilder("\nverifier self-consistency (target 100% / 100% / 100% / 0%)\n");
        report.append(String.format("%-14s %6s %9s %11s %9s %14s %8s%n", "benchmark", "golds", "self", "normalised", "boxed", "perturbed-ok", "ms"));
        for (Map.Entry<Benchmark, List<Problem>> e : BenchmarkLoader.loadAll(dir).entrySet()) {
            long t0 = System.nanoTime();
            int n = 0;
            int self = 0;
            int norm = 0;
            int boxed = 0;
            int perturbedAccepted = 0;
            for (Problem p : e.getValue()) {
                n++;
                String g = p.goldAnswer();
                Verdict v1 = verifier.verifyAnswer(g, g);
                self += v1.correct() ? 1 : 0;
                record(v1.correct(), p, "self", v1, known, unexpected, seen);
                Verdict v2 = verifier.verifyAnswer(LatexNormalizer.normalize(g), g);
                norm += v2.correct() ? 1 : 0;
                record(v2.correct(), p, "normalised", v2, known, unexpected, seen);
                Verdict v3 = verifier.verify("So the final answer is $\\boxed{" + g + "}$. I hope it is correct.", g);
                boxed += v3.correct() ? 1 : 0;
                record(v3.correct(), p, "boxed", v3, known, unexpected, seen);
                String wrong = GoldPerturbation.perturb(g);
                Verdict v4 = verifier.verify("The answer is $\\boxed{" + wrong + "}$.", g);
                perturbedAccepted += v4.correct() ? 1 : 0;
                record(!v4.correct(), p, "perturbed", v4, known, unexpected, seen);
            }
            report.append(String.format("%-14s %6d %8.1f%% %10.1f%% %8.1f%% %13.1f%% %8d%n", e.getKey().id(), n,
                    100.0 * self / n, 100.0 * norm / n, 100.0 * boxed / n, 100.0 * perturbedAccepted / n,
                    (System.nanoTime() - t0) / 1_000_000));
        }
        report.append("(").append(dir).append("; perturbed-ok = perturbed answers wrongly accepted; known failures listed in ")
                .append(KNOWN).append(")\n");
        System.out.println(report);
        Set<String> fixed = new LinkedHashSet<>(known);
        fixed.removeAll(seen);
        if (!fixed.isEmpty()) {
            System.out.println("known failures that now pass (remove from " + KNOWN + "): " + fixed);
        }
        if (!unexpected.isEmpty()) {
            fail(unexpected.size() + " new self-consistency failures (fix, or list with a reason in " + KNOWN + "):\n"
                    + String.join("\n", unexpected));
        }
    }

    private static void record(boolean ok, Problem p, String check, Verdict v, Set<String> known, List<String> unexpected, Set<String> seen) {
        if (ok) {
            return;
        }
        String key = p.id() + "\t" + check;
        seen.add(key);
        if (!known.contains(key)) {
            unexpected.add(key + "\tgold=" + p.goldAnswer() + "\t" + v);
        }
    }

    private static Set<String> knownFailures() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (InputStream in = BenchmarkSelfConsistencyTest.class.getResourceAsStream(KNOWN)) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 3) {
                    throw new IllegalStateException(KNOWN + ": line needs id<TAB>check<TAB>reason: " + line);
                }
                out.add(f[0] + "\t" + f[1]);
            }
        }
        return out;
    }
}
