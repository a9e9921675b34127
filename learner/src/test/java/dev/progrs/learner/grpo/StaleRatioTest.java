package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.progrs.learner.TinyPolicy;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Importance ratios of stale samples against the GRPO step. The suspected origin of the
 * non-finite gradients of asynchronous runs was the unclipped branch of the surrogate for negative
 * advantages, which weighs a token by |A|·ρ with ρ up to e^20; these tests rebuild such a batch and
 * bound what the dual clip makes of it.
 */
class StaleRatioTest {

    private static GrpoConfig config(DualClip clip, int batchGroups, int updates) {
        return new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, batchGroups, updates, 2, 1f, clip);
    }

    /** log π(completion token | prefix) of each response token of {@code s} under {@code p}. */
    private static float[] currentLogProbs(PolicyModel p, SampleAdvantage s) {
        int[] prompt = s.getPromptTokenIds().stream().mapToInt(Integer::intValue).toArray();
        int[] response = s.getResponseTokenIds().stream().mapToInt(Integer::intValue).toArray();
        try (NDManager m = p.manager().newSubManager()) {
            SequenceBatch seq = SequenceBatch.of(m, List.of(prompt), List.of(response), p.config().context());
            float[] row = p.tokenLogProbs(seq.ids(), seq.mask(), 1f).toFloatArray();
            float[] out = new float[response.length];
            System.arraycopy(row, prompt.length - 1, out, 0, response.length);
            return out;
        }
    }

    /** Assigns what a behaviour log-prob should be, given the sample, its token index and the current log-prob. */
    private interface Behaviour {
        float of(SampleAdvantage s, int token, float current);
    }

    /** {@code g} with its behaviour log-probs rewritten from the current policy's. */
    private static GroupAdvantages withBehaviour(PolicyModel p, GroupAdvantages g, Behaviour b) {
        List<SampleAdvantage> samples = new ArrayList<>();
        for (SampleAdvantage s : g.getSamples()) {
            float[] current = currentLogProbs(p, s);
            List<Float> lp = new ArrayList<>();
            for (int t = 0; t < current.length; t++) {
                lp.add(b.of(s, t, current[t]));
            }
            samples.add(SampleAdvantage.newBuilder(s).setBehaviourLogProbs(lp).build());
        }
        return GroupAdvantages.newBuilder(g).setSamples(samples).build();
    }

    /**
     * The recorded shape of the suspected batch: two groups, advantages of both signs, every token of the
     * negative-advantage samples sampled when the behaviour policy gave it e^19.5 times less
     * probability than the current one does (ρ = e^19.5, just inside the ±20 log-ratio bound, where the
     * ratio still has a gradient), every positive-advantage token on-policy.
     */
    private static List<GroupAdvantages> suspectedBatch(PolicyModel p, double logRatio) {
        double[] adv = {1.2, -0.8, 0.6, -1.5};
        List<GroupAdvantages> out = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            out.add(withBehaviour(p, TinyPolicy.group("suspect-" + g, 0, adv, -3f, 40 + g),
                    (s, t, current) -> s.getAdvantage() < 0 ? (float) (current - logRatio) : current));
        }
        return out;
    }

    private static double gradientAbsMax(PolicyModel p, List<GroupAdvantages> batch, DualClip clip, long[] skipped) {
        try (GrpoUpdater u = new GrpoUpdater(p, null, config(clip, batch.size(), 1))) {
            UpdateMetrics m = u.update(batch, 0);
            skipped[0] = u.skippedSteps();
            assertTrue(Double.isFinite(m.loss()), m.describe());
            return m.gradientAbsMax();
        }
    }

    @Test
    void ratiosNearTheBoundOnNegativeAdvantageTokensBlowTheGradientUpWithoutTheDualClip() {
        long[] skipped = new long[1];
        double onPolicy;
        double stale;
        try (PolicyModel p = TinyPolicy.create(3)) {
            onPolicy = gradientAbsMax(p, suspectedBatch(p, 0), DualClip.OFF, skipped);
        }
        try (PolicyModel p = TinyPolicy.create(3)) {
            stale = gradientAbsMax(p, suspectedBatch(p, 19.5), DualClip.OFF, skipped);
        }
        // the negative-advantage tokens weigh |A|·e^19.5 ≈ 3e8·|A| instead of |A|: the gradient grows by that much.
        // In float32 it stays finite (|g| ~ 1e7 for the warm policy, see docs/method.md); it is explosive, not NaN.
        assertTrue(stale > 1e6 * onPolicy, "on-policy max |g| " + onPolicy + ", stale " + stale);
    }

    @Test
    void theDualClipKeepsTheSameBatchsGradientAtOnPolicySize() {
        long[] skipped = new long[1];
        double onPolicy;
        double stale;
        try (PolicyModel p = TinyPolicy.create(3)) {
            onPolicy = gradientAbsMax(p, suspectedBatch(p, 0), DualClip.DEFAULT, skipped);
        }
        try (PolicyModel p = TinyPolicy.create(3)) {
            stale = gradientAbsMax(p, suspectedBatch(p, 19.5), DualClip.DEFAULT, skipped);
            assertEquals(0, skipped[0]);
        }
        // with ρ > c = 3 the negative tokens have no gradient: only the on-policy positive tokens remain
        assertTrue(stale > 0 && stale <= 3 * onPolicy, "on-policy max |g| " + onPolicy + ", stale " + stale);
    }

    @Test
    void anyRatioTheLogRatioBoundAllowsGivesAFiniteStepWithTheDualClip() {
        SplittableRandom rng = new SplittableRandom(20);
        try (PolicyModel p = TinyPolicy.create(5); GrpoUpdater u = new GrpoUpdater(p, null, config(DualClip.DEFAULT, 2, 2))) {
            for (int b = 0; b < 6; b++) {
                List<GroupAdvantages> batch = new ArrayList<>();
                for (int g = 0; g < 2; g++) {
                    double[] adv = new double[4];
                    for (int i = 0; i < adv.length; i++) {
                        adv[i] = rng.nextDouble(-3, 3);
                    }
                    // every token's log-ratio anywhere in [−25, 25]: beyond the bound on both sides too
                    batch.add(withBehaviour(p, TinyPolicy.group("any-" + b + "-" + g, 0, adv, -3f, 100 * b + g),
                            (s, t, current) -> (float) Math.min(0, current - rng.nextDouble(-25, 25))));
                }
                UpdateMetrics m = u.update(batch, 0);
                assertEquals(2, m.optimizerSteps(), m.describe());
                assertTrue(Double.isFinite(m.loss()) && Double.isFinite(m.gradientAbsMax()), m.describe());
                // per-token weight at most |A|·max(c, 1 + ε) = 9 with |A| < 3: the gradient stays small
                assertTrue(m.gradientAbsMax() < 50, m.describe());
            }
            assertEquals(0, u.skippedSteps());
            assertFiniteWeights(p);
        }
    }

    @Test
    void samplesUpToMaxStalenessVersionsOldNeverProduceANonFiniteStep() throws Exception {
        // The asynchronous loop in miniature: each version trains on groups sampled by the current policy
        // and by the two before it (max-staleness 2), with their own behaviour log-probs.
        SplittableRandom rng = new SplittableRandom(8);
        String prompt = "a=3. b=a+4. What is b?";
        try (PolicyModel p = TinyPolicy.create(7); GrpoUpdater u = new GrpoUpdater(p, null, config(DualClip.DEFAULT, 3, 2))) {
            Deque<byte[]> snapshots = new ArrayDeque<>();
            double ratioMax = 0;
            for (long version = 0; version < 8; version++) {
                snapshots.addFirst(weights(p));
                if (snapshots.size() > 3) {
                    snapshots.removeLast();
                }
                List<GroupAdvantages> batch = new ArrayList<>();
                long behaviourVersion = version;
                for (byte[] w : snapshots) {
                    try (PolicyModel behave = PolicyModel.fromParameters(p.config(), p.tokenizer(), p.device(), behaviourVersion,
                            new DataInputStream(new ByteArrayInputStream(w)))) {
                        batch.add(sampled(behave, prompt, behaviourVersion, rng));
                    }
                    behaviourVersion--;
                }
                UpdateMetrics m = u.update(batch, version);
                ratioMax = Math.max(ratioMax, m.ratioMax());
                assertEquals(2, m.optimizerSteps(), m.describe());
                assertTrue(Double.isFinite(m.loss()) && Double.isFinite(m.gradientAbsMax()), m.describe());
            }
            assertEquals(0, u.skippedSteps());
            assertTrue(ratioMax > 1, "stale samples must have ratios != 1, max " + ratioMax);
            assertFiniteWeights(p);
        }
    }

    /** A group of 4 samples of {@code prompt} drawn from {@code behave}, random advantages of both signs. */
    private static GroupAdvantages sampled(PolicyModel behave, String prompt, long version, SplittableRandom rng) {
        int[] ids = PromptFormat.promptIds(behave.tokenizer(), prompt);
        List<int[]> rows = List.of(ids, ids, ids, ids);
        List<Sample> samples = new PolicySampler(behave).generate(rows, SamplingConfig.sample(1f, 1.0, 12, rng.nextLong()));
        GroupAdvantages template = TinyPolicy.group("stale-v" + version + "-" + rng.nextInt(), version,
                new double[] {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(-2, 2)}, -3f, 1);
        List<SampleAdvantage> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            List<Integer> response = new ArrayList<>();
            List<Float> lp = new ArrayList<>();
            for (int j = 0; j < samples.get(i).tokenIds().length; j++) {
                response.add(samples.get(i).tokenIds()[j]);
                lp.add(samples.get(i).logProbs()[j]);
            }
            out.add(SampleAdvantage.newBuilder(template.getSamples().get(i)).setResponseTokenIds(response).setBehaviourLogProbs(lp).build());
        }
        return GroupAdvantages.newBuilder(template).setSamples(out).build();
    }

    private static byte[] weights(PolicyModel p) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            p.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    private static void assertFiniteWeights(PolicyModel p) {
        for (Pair<String, Parameter> e : p.network().getParameters()) {
            for (float v : e.getValue().getArray().toFloatArray()) {
                assertTrue(Float.isFinite(v), e.getKey());
            }
        }
    }
}
