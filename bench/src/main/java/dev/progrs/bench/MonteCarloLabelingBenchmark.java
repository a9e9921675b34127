package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.scorer.prmtrain.MonteCarloLabeler;
import dev.progrs.scorer.prmtrain.Rollout;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Monte-Carlo labelling throughput (continuations per second) of {@code progrs train-prm}: the
 * continuations of many prefixes decoded together ({@code --batch}, default 128 rows per forward
 * pass, what train-prm does) against one prefix at a time (its M continuations as one batch), on the
 * same rollouts, alternating, in one run. Prints each run, the medians and the ratio, then a
 * {@code RESULT {json}} line.
 * Usage: {@code bench/run MonteCarloLabelingBenchmark [--policy models/warm/policy-v1] [--rollouts 40] [--m 8] [--runs 3] [--batch 128]}.
 */
public final class MonteCarloLabelingBenchmark {

    public static void main(String[] args) throws Exception {
        int rollouts = BrokerThroughputBenchmark.intArg(args, "--rollouts", 40);
        int m = BrokerThroughputBenchmark.intArg(args, "--m", 8);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 3);
        int batch = BrokerThroughputBenchmark.intArg(args, "--batch", 128);
        String policyDir = "models/warm/policy-v1";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--policy")) {
                policyDir = args[i + 1];
            }
        }
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < rollouts; i++) {
            problems.add(suite.trainProblem(7_000_000L + i, 6 + i % 2));
        }
        try (PolicyModel policy = PolicyCheckpoint.load(Path.of(policyDir), Device.cpu())) {
            SamplingConfig sampling = SamplingConfig.sample(1f, 1.0, 112, 3);
            List<Rollout> base = new MonteCarloLabeler(policy, sampling, ArithmeticAnswer::correct, batch).rollouts(problems, n -> { });
            long continuations = MonteCarloLabeler.continuationCount(base, m);
            System.out.printf("## Monte-Carlo labelling, %s: %d rollouts of 6-7 steps, M=%d, %d continuations per pass%n",
                    policyDir, base.size(), m, continuations);
            double[] batched = new double[runs];
            double[] single = new double[runs];
            for (int r = 0; r < runs; r++) {
                batched[r] = rate(policy, sampling, batch, base, m, continuations);
                single[r] = rate(policy, sampling, m, base, m, continuations);
                System.out.printf("run %d: batched (%d rows) %.0f continuations/s, one prefix at a time (%d rows) %.0f continuations/s%n",
                        r + 1, batch, batched[r], m, single[r]);
            }
            double b = median(batched);
            double s = median(single);
            System.out.printf("median: batched %.0f/s, one prefix at a time %.0f/s, ratio %.2f%n", b, s, b / s);
            System.out.printf("RESULT {\"batched_cps\":%.1f,\"single_prefix_cps\":%.1f,\"batched_over_single\":%.3f,\"runs\":%d,\"continuations\":%d}%n",
                    b, s, b / s, runs, continuations);
        }
    }

    private static double rate(PolicyModel policy, SamplingConfig sampling, int rows, List<Rollout> base, int m, long continuations) {
        MonteCarloLabeler labeler = new MonteCarloLabeler(policy, sampling, ArithmeticAnswer::correct, rows);
        long t0 = System.nanoTime();
        labeler.label(base, m, n -> { });
        return continuations / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] xs) {
        double[] c = xs.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
