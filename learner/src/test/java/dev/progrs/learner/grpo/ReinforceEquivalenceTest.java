package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.progrs.learner.TinyPolicy;
import dev.progrs.learner.loss.ClippedSurrogate;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.learner.loss.PolicyForward;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * At ρ = 1 (behaviour = current policy) and no active clip, the surrogate's gradient is the REINFORCE
 * gradient of Σ A·log π: compared on a tiny model, parameter by parameter.
 */
class ReinforceEquivalenceTest {

    @Test
    void atRatioOneTheSurrogateGradientIsTheReinforceGradient() {
        for (LossAggregation agg : LossAggregation.values()) {
            try (PolicyModel policy = TinyPolicy.create(11);
                 Trainer trainer = policy.djlModel().newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                         .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build())
                         .optDevices(new Device[] {Device.cpu()}))) {
                trainer.initialize(new Shape(1, 2), new Shape(1, 2));
                SplittableRandom rng = new SplittableRandom(5);
                List<int[]> prompts = new ArrayList<>();
                List<int[]> completions = new ArrayList<>();
                float[] adv = new float[6];
                for (int r = 0; r < 6; r++) {
                    prompts.add(new int[] {1, 4 + rng.nextInt(20), 4 + rng.nextInt(20)});
                    int[] c = new int[2 + rng.nextInt(6)];
                    for (int j = 0; j < c.length; j++) {
                        c[j] = 4 + rng.nextInt(TinyPolicy.TOKENIZER.vocabSize() - 4);
                    }
                    completions.add(c);
                    adv[r] = (float) (rng.nextDouble() * 4 - 2);
                }
                ClippedSurrogate surrogate = new ClippedSurrogate(0.2, 0.2, agg, 0, DualClip.DEFAULT); // at ρ = 1 the dual clip (c = 3) is inactive
                Map<String, float[]> grpo = gradients(policy, trainer, prompts, completions, (m, seq) -> {
                    NDArray behaviour = policy.tokenLogProbs(seq.ids(), seq.mask(), 1f).stopGradient(); // ρ = 1 exactly
                    NDArray lp = PolicyForward.of(policy, seq, 1f).logProbs();
                    return surrogate.evaluate(lp, behaviour, m.create(adv, new Shape(adv.length, 1)), seq.targetMask(), null).loss();
                });
                Map<String, float[]> reinforce = gradients(policy, trainer, prompts, completions, (m, seq) -> {
                    NDArray lp = policy.tokenLogProbs(seq.ids(), seq.mask(), 1f);
                    NDArray perToken = lp.mul(m.create(adv, new Shape(adv.length, 1))).neg(); // −A·log π
                    return agg.aggregate(perToken, seq.targetMask());
                });
                double maxAbs = 0;
                for (var e : reinforce.entrySet()) {
                    float[] a = e.getValue();
                    float[] b = grpo.get(e.getKey());
                    for (int i = 0; i < a.length; i++) {
                        maxAbs = Math.max(maxAbs, Math.abs(a[i]));
                        assertEquals(a[i], b[i], 1e-6 + 1e-4 * Math.abs(a[i]), agg + " parameter " + e.getKey() + "[" + i + "]");
                    }
                }
                assertTrue(maxAbs > 1e-4, "the gradients must not be trivially zero; max |g| = " + maxAbs);
            }
        }
    }

    /** ∂loss/∂θ for every parameter, read and then zeroed. */
    private static Map<String, float[]> gradients(PolicyModel policy, Trainer trainer, List<int[]> prompts, List<int[]> completions,
                                                  BiFunction<NDManager, SequenceBatch, NDArray> loss) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            SequenceBatch seq = SequenceBatch.of(m, prompts, completions, policy.config().context());
            try (GradientCollector gc = trainer.newGradientCollector()) {
                gc.backward(loss.apply(m, seq));
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            for (Pair<String, Parameter> p : policy.network().getParameters()) {
                NDArray g = p.getValue().getArray().getGradient();
                out.put(p.getKey(), g.toFloatArray());
                g.subi(g);
                g.close();
            }
            return out;
        }
    }
}
