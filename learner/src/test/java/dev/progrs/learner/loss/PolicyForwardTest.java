package dev.progrs.learner.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.progrs.learner.TinyPolicy;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyForwardTest {

    @Test
    void logProbsEqualTheModelsAndEntropyIsThatOfTheTemperedSoftmax() {
        try (PolicyModel policy = TinyPolicy.create(3); NDManager m = policy.manager().newSubManager()) {
            SequenceBatch b = SequenceBatch.of(m, List.of(new int[] {1, 5, 6}, new int[] {1, 7}),
                    List.of(new int[] {8, 9, 2}, new int[] {10, 11, 12, 2}), policy.config().context());
            float t = 0.7f;
            PolicyForward f = PolicyForward.of(policy, b, t);
            assertArrayEquals(policy.tokenLogProbs(b.ids(), b.mask(), t).toFloatArray(), f.logProbs().toFloatArray(), 1e-6f);
            // entropy by hand at one position: −Σ p log p of softmax(z/T)
            NDArray z = policy.network().logits(b.ids(), b.mask()).get("0, 1, :").div(t);
            float[] logits = z.toFloatArray();
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : logits) {
                sum += Math.exp(v - max);
            }
            double h = 0;
            for (float v : logits) {
                double lp = v - max - Math.log(sum);
                h -= Math.exp(lp) * lp;
            }
            float[] entropy = f.entropy().toFloatArray();
            int width = (int) f.entropy().getShape().get(1);
            assertEquals(h, entropy[1], 1e-5);
            for (float e : entropy) {
                assertTrue(e >= -1e-6 && e <= Math.log(policy.config().vocabSize()) + 1e-5, "entropy " + e);
            }
            assertEquals(b.targetMask().getShape(), f.entropy().getShape());
            assertEquals(5, width); // L = max(3 + 3, 2 + 4) = 6 tokens, L − 1 targets
        }
    }
}
