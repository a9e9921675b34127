package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.grpo.GrpoUpdater;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.GradMode;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stress reproduction of the non-finite GRPO gradients of asynchronous runs: GRPO updates on
 * a real batch of the warm policy's own samples, each on a freshly loaded learner policy, while another
 * thread samples from its own copy of the policy as the generator does in {@code progrs run}; counts the
 * updates whose gradient held a NaN or an infinity (the updater skips and logs them).
 *
 * <pre>
 *   bench/run ConcurrentBackwardStress [--updates 40] [--sampler on|off] [--policy models/warm/policy-v1]
 * </pre>
 * Prints one line per non-finite update (the updater's own diagnostic is in the log) and a last JSON line
 * {@code {"sampler":…,"updates":…,"nonFinite":…,"seconds":…}}.
 */
public final class ConcurrentBackwardStress {

    private ConcurrentBackwardStress() {
    }

    public static void main(String[] args) throws Exception {
        int updates = 40;
        boolean sampler = true;
        Path policyDir = Path.of("models/warm/policy-v1");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--updates" -> updates = Integer.parseInt(args[++i]);
                case "--sampler" -> sampler = switch (args[++i]) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new IllegalArgumentException("--sampler " + args[i] + "; accepted: on, off");
                };
                case "--policy" -> policyDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; accepted: --updates N, --sampler on|off, --policy DIR");
            }
        }
        GradMode.disableOnThisThread();
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        List<GroupAdvantages> batch;
        try (PolicyModel p = PolicyCheckpoint.load(policyDir, Device.cpu())) {
            batch = batch(p, suite);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sampled = new AtomicLong();
        Thread generator = null;
        if (sampler) {
            Path dir = policyDir;
            generator = new Thread(() -> {
                GradMode.disableOnThisThread();
                try (PolicyModel g = PolicyCheckpoint.load(dir, Device.cpu())) {
                    PolicySampler s = new PolicySampler(g);
                    long i = 0;
                    while (!stop.get()) {
                        Problem problem = suite.trainProblem(1000 + i);
                        s.sampleGroup(problem.text(), 8, SamplingConfig.sample(1f, 1.0, 96, i));
                        sampled.addAndGet(8);
                        i++;
                    }
                }
            }, "stress-generator");
            generator.start();
        }
        long start = System.nanoTime();
        int nonFinite = 0;
        GrpoConfig config = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 5e-5f, batch.size(), 1, 2, 1f, DualClip.DEFAULT);
        for (int u = 0; u < updates; u++) {
            try (PolicyModel learner = PolicyCheckpoint.load(policyDir, Device.cpu()); GrpoUpdater updater = new GrpoUpdater(learner, null, config)) {
                UpdateMetrics m = updater.update(batch, 0);
                if (updater.skippedSteps() > 0) {
                    nonFinite++;
                    System.out.println("update " + u + ": non-finite gradient; " + updater.lastNonFinite().describe());
                } else if (u % 10 == 0) {
                    System.out.printf(Locale.ROOT, "update %d: finite, max |g| %.4g%n", u, m.gradientAbsMax());
                }
            }
        }
        stop.set(true);
        if (generator != null) {
            generator.join();
        }
        System.out.printf(Locale.ROOT, "{\"sampler\":%b,\"updates\":%d,\"nonFinite\":%d,\"sampledWhileUpdating\":%d,\"seconds\":%.1f}%n",
                sampler, updates, nonFinite, sampled.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Eight groups of eight on-policy samples with random-sign advantages, as one learner batch. */
    private static List<GroupAdvantages> batch(PolicyModel p, ArithmeticSuite suite) {
        PolicySampler s = new PolicySampler(p);
        SplittableRandom rng = new SplittableRandom(20);
        List<GroupAdvantages> out = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            Problem problem = suite.trainProblem(g);
            int[] prompt = PromptFormat.promptIds(p.tokenizer(), problem.text());
            List<Integer> promptList = new ArrayList<>();
            for (int t : prompt) {
                promptList.add(t);
            }
            List<Sample> samples = s.sampleGroup(problem.text(), 8, SamplingConfig.sample(1f, 1.0, 96, g));
            List<SampleAdvantage> rows = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                Sample sample = samples.get(i);
                double a = rng.nextDouble(-1.5, 1.5);
                List<Integer> response = new ArrayList<>();
                List<Float> lp = new ArrayList<>();
                for (int j = 0; j < sample.tokenIds().length; j++) {
                    response.add(sample.tokenIds()[j]);
                    lp.add(sample.logProbs()[j]);
                }
                rows.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(0).setOutcome(a > 0 ? 1 : 0)
                        .setProcessScore(0.5).setCentredBonus(0).setOutcomeAdvantage(a).setAdvantage(a)
                        .setPromptTokenIds(promptList).setResponseTokenIds(response).setBehaviourLogProbs(lp)
                        .setStepCount(1).setGeneratedAtMs(0).build());
            }
            out.add(GroupAdvantages.newBuilder().setGroupId("stress-" + g).setPromptId(problem.id()).setSuite(ArithmeticSuite.NAME)
                    .setExpectedGroupSize(8).setSamples(rows)
                    .setCentering(CenteringSettings.newBuilder().setMode("incorrect").setMixing("advantage").setLambda(0.1)
                            .setStd("unbiased").setDominanceGuard(false).build())
                    .setPolicyVersionMin(0).setPolicyVersionMax(0).setPartial(false).setTimedOut(false)
                    .setZeroVarianceOutcome(false).setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build());
        }
        return out;
    }
}
