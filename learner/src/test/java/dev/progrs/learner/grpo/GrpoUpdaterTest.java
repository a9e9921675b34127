package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.progrs.learner.TinyPolicy;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.wire.GroupAdvantages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpoUpdaterTest {

    private static final GrpoConfig CONFIG = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, 2, 2, 2, 1f);

    private static List<float[]> weights(PolicyModel p) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> e : p.network().getParameters()) {
            out.add(e.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static void assertSameWeights(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0f, "parameter " + i);
        }
    }

    /**
     * Two separate computations of the same steps agree to the order of float summation inside the
     * native kernels (observed: 7e-9), far below one Adam step at lr 1e-4 (~1e-4 per weight).
     */
    private static void assertSameWeightsUpToRounding(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 1e-6f, "parameter " + i);
        }
    }

    private static boolean anyDifferent(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static List<GroupAdvantages> batch(double[] adv, long seed) {
        return List.of(TinyPolicy.group("g1-" + seed, 0, adv, -3f, seed), TinyPolicy.group("g2-" + seed, 0, adv, -3f, seed + 1));
    }

    @Test
    void allZeroAdvantagesLeaveAFreshPolicyBitForBitUnchanged() {
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            List<float[]> before = weights(p);
            UpdateMetrics m = u.update(batch(new double[] {0, 0, 0, 0}, 1), 0);
            assertSameWeights(before, weights(p));
            assertEquals(0, m.optimizerSteps());
            assertEquals(0, m.loss(), 0);
            assertEquals(0, m.advantageAbsMean(), 0);
        }
    }

    @Test
    void allZeroAdvantagesLeaveWeightsUnchangedEvenWithAdamMomentumFromEarlierBatches() {
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            List<float[]> start = weights(p);
            UpdateMetrics first = u.update(batch(new double[] {1, -1, 0.5, -0.5}, 2), 0);
            assertEquals(2, first.optimizerSteps());
            List<float[]> afterSignal = weights(p);
            assertTrue(anyDifferent(start, afterSignal), "a batch with advantages must move the weights");
            u.update(batch(new double[] {0, 0, 0, 0}, 3), 0);
            assertSameWeights(afterSignal, weights(p));
        }
    }

    /** NaN added in place (natively) to the first parameter's gradient after the backwards whose attempt is listed. */
    private static GrpoUpdater.AfterBackward nanAfter(int... attempts) {
        return (policy, attempt) -> {
            if (Arrays.stream(attempts).anyMatch(a -> a == attempt)) {
                try (ai.djl.ndarray.NDArray g = policy.network().getParameters().get(0).getValue().getArray().getGradient()) {
                    g.addi(Float.NaN);
                }
            }
        };
    }

    private static void assertGradientsZero(PolicyModel p) {
        for (var param : p.network().getParameters()) {
            try (ai.djl.ndarray.NDArray grad = param.getValue().getArray().getGradient()) {
                for (float v : grad.toFloatArray()) {
                    assertEquals(0f, v, "gradient of " + param.getKey() + " after the skipped step");
                }
            }
        }
    }

    private static void assertFiniteWeights(PolicyModel p) {
        for (float[] w : weights(p)) {
            for (float v : w) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void aNonFiniteGradientWhoseRecomputationIsFiniteStepsWithTheRecomputedGradient() {
        List<float[]> clean;
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            u.update(batch(new double[] {-1, 1, 0.5, -0.5}, 3), 0);
            clean = weights(p);
        }
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG, nanAfter(0))) {
            UpdateMetrics m = u.update(batch(new double[] {-1, 1, 0.5, -0.5}, 3), 0);
            assertEquals(2, m.optimizerSteps(), m.describe());
            assertEquals(0, m.skippedSteps());
            assertEquals(2, m.recomputedSteps(), "both steps of the batch met the fault once");
            assertEquals(2, u.recomputedSteps());
            assertEquals(0, u.skippedSteps());
            NonFiniteStep d = u.lastNonFinite();
            assertEquals("gradient", d.kind());
            assertTrue(d.badParameters().get(0).startsWith(p.network().getParameters().get(0).getKey() + ": nan "), d.describe());
            assertEquals(Boolean.TRUE, d.replayFinite(), d.describe());
            assertEquals(List.of("g1-3", "g2-3"), d.groupIds());
            // the steps used what the weights and the batch define: the same weights as an update without the fault
            assertSameWeightsUpToRounding(clean, weights(p));
        }
    }

    @Test
    void aGradientNonFiniteTwiceSkipsOneBatchAndTheNextBatchTrainsAgain() {
        int[] backwards = {0};
        GrpoUpdater.AfterBackward twiceInTheSecondBatch = (policy, attempt) -> {
            backwards[0]++;
            if (backwards[0] == 3 || backwards[0] == 4) { // the second batch's first backward and its recomputation
                nanAfter(attempt).after(policy, attempt);
            }
        };
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG, twiceInTheSecondBatch)) {
            u.update(batch(new double[] {1, -1, 0.5, -0.5}, 2), 0);
            List<float[]> before = weights(p);
            UpdateMetrics skipped = u.update(batch(new double[] {-1, 1, 0.5, -0.5}, 3), 0);
            assertEquals(0, skipped.optimizerSteps());
            assertEquals(1, skipped.skippedSteps());
            assertEquals(0, skipped.recomputedSteps());
            assertEquals(1, u.skippedSteps());
            NonFiniteStep d = u.lastNonFinite();
            assertEquals("gradient", d.kind());
            assertTrue(Double.isFinite(d.loss()) && d.logProbs().nonFinite() == 0 && d.logits().nonFinite() == 0, d.describe());
            assertEquals(Boolean.FALSE, d.replayFinite(), d.describe());
            assertSameWeights(before, weights(p));
            assertGradientsZero(p);
            UpdateMetrics next = u.update(batch(new double[] {1, -1, -0.5, 0.5}, 4), 0);
            assertEquals(2, next.optimizerSteps(), "the NaN was cleared, not kept (g - g would keep it)");
            assertTrue(anyDifferent(before, weights(p)));
            assertFiniteWeights(p);
        }
    }

    @Test
    void aNonFiniteLossStopsTheUpdateWithDiagnosticsOfTheForwardPass() {
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            ai.djl.ndarray.NDArray w = p.network().getParameters().get(0).getValue().getArray();
            float[] poisoned = w.toFloatArray();
            Arrays.fill(poisoned, Float.NaN);
            w.set(poisoned); // every token embedding NaN: the forward pass is NaN
            List<float[]> before = weights(p);
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> u.update(batch(new double[] {1, -1, 0.5, -0.5}, 6), 4));
            NonFiniteStep d = u.lastNonFinite();
            assertEquals("loss", d.kind());
            assertEquals(4, d.currentVersion());
            assertEquals(d.logits().count(), d.logits().nonFinite(), d.describe());
            assertTrue(e.getMessage().contains("non-finite loss at step 0 (version 4)"), e.getMessage());
            assertTrue(e.getMessage().contains("logits none finite"), e.getMessage());
            assertEquals(before.size(), weights(p).size());
        }
    }

    @Test
    void updatesDoNotAccumulateNativeArraysInTheModelsManager() {
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            List<GroupAdvantages> b = batch(new double[] {1, -1, 0.5, -0.5}, 5);
            u.update(b, 0);
            u.update(b, 0);
            int settled = p.manager().getManagedArrays().size();
            for (int i = 0; i < 6; i++) {
                u.update(b, 0);
            }
            assertEquals(settled, p.manager().getManagedArrays().size(), "arrays held by the model's manager after 6 more updates");
        }
    }

    @Test
    void metricsDescribeTheBatch() {
        try (PolicyModel p = TinyPolicy.create(1); GrpoUpdater u = new GrpoUpdater(p, null, CONFIG)) {
            List<GroupAdvantages> groups = List.of(TinyPolicy.group("a", 3, new double[] {1, -1}, -3f, 7),
                    TinyPolicy.group("b", 5, new double[] {2, -2}, -3f, 8));
            UpdateMetrics m = u.update(groups, 5);
            assertEquals(2, m.groups());
            assertEquals(4, m.samples());
            assertEquals(1.5, m.advantageAbsMean(), 1e-9);
            assertEquals(0.0, m.allIncorrectAdvantageShare(), 0.0); // both groups hold a correct sample
            assertEquals(0.0, m.asMap().get("all-incorrect-advantage-share"), 0.0);
            assertEquals(1.0, m.stalenessMean(), 1e-9); // two samples 2 behind, two current
            assertEquals(2, m.stalenessMax());
            long tokens = groups.stream().flatMap(g -> g.getSamples().stream()).mapToLong(s -> s.getResponseTokenIds().size()).sum();
            assertEquals(tokens, m.tokens());
            assertTrue(m.entropy() > 0 && m.entropy() <= Math.log(p.config().vocabSize()) + 1e-6, "entropy " + m.entropy());
            assertTrue(m.ratioMax() >= m.ratioMean(), m.describe());
            assertTrue(Double.isNaN(m.klReference()));
            assertFalse(m.asMap().containsKey("kl-reference"));
            assertTrue(Double.isFinite(m.loss()));
        }
    }

    @Test
    void aPositiveBetaPullsTowardsTheReferenceAndReportsTheKl() {
        GrpoConfig withKl = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0.5, 1e-4f, 2, 1, 2, 1f);
        try (PolicyModel p = TinyPolicy.create(1); PolicyModel ref = TinyPolicy.create(2); GrpoUpdater u = new GrpoUpdater(p, ref, withKl)) {
            List<float[]> before = weights(p);
            UpdateMetrics m = u.update(batch(new double[] {0, 0, 0, 0}, 4), 0);
            assertTrue(m.klReference() > 0, "policy and reference differ: k3 > 0, got " + m.klReference());
            assertEquals(1, m.optimizerSteps(), "the KL term is signal even with zero advantages");
            assertTrue(anyDifferent(before, weights(p)));
        }
    }
}
