package dev.progrs.models.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.progrs.models.transformer.TransformerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PolicyNetworkTest {

    private static PolicyModel policy;

    @BeforeAll
    static void setUp() {
        policy = TinyPolicies.create(7);
    }

    @AfterAll
    static void tearDown() {
        policy.close();
    }

    private static float[] logProbs(NDManager m, long[] ids) {
        NDArray x = m.create(ids, new Shape(1, ids.length));
        NDArray mask = m.ones(new Shape(1, ids.length), ai.djl.ndarray.types.DataType.INT64);
        return policy.tokenLogProbs(x, mask, 1f).toFloatArray();
    }

    @Test
    void logitsAndLogProbsHaveTheExpectedShapes() {
        try (NDManager m = policy.manager().newSubManager()) {
            NDArray x = m.create(new long[] {1, 5, 6, 7, 8, 9, 10, 11}, new Shape(2, 4));
            NDArray mask = m.ones(x.getShape(), ai.djl.ndarray.types.DataType.INT64);
            assertEquals(new Shape(2, 4, policy.config().vocabSize()), policy.network().logits(x, mask).getShape());
            NDArray lp = policy.tokenLogProbs(x, mask, 1f);
            assertEquals(new Shape(2, 3), lp.getShape());
            for (float v : lp.toFloatArray()) {
                assertEquals(true, v < 0 && Float.isFinite(v), "log-prob " + v);
            }
        }
    }

    @Test
    void changingAFutureTokenLeavesEarlierLogProbsUnchanged() {
        try (NDManager m = policy.manager().newSubManager()) {
            float[] a = logProbs(m, new long[] {1, 20, 21, 22, 23, 24, 25});
            float[] b = logProbs(m, new long[] {1, 20, 21, 22, 40, 41, 42});
            // targets 0..2 (tokens 20,21,22) depend only on positions 0..2: identical
            for (int t = 0; t < 3; t++) {
                assertEquals(a[t], b[t], 1e-6f, "log-prob " + t);
            }
            assertNotEquals(a[3], b[3]);
        }
    }

    @Test
    void paddingDoesNotChangeRealTokens() {
        try (NDManager m = policy.manager().newSubManager()) {
            float[] alone = logProbs(m, new long[] {1, 20, 21, 22});
            // left padding, with positions counted from the first real token
            NDArray x = m.create(new long[] {0, 0, 1, 20, 21, 22}, new Shape(1, 6));
            NDArray mask = m.create(new long[] {0, 0, 1, 1, 1, 1}, new Shape(1, 6));
            float[] left = policy.tokenLogProbs(x, mask, 1f).toFloatArray();
            // right padding
            NDArray y = m.create(new long[] {1, 20, 21, 22, 0, 0}, new Shape(1, 6));
            NDArray ymask = m.create(new long[] {1, 1, 1, 1, 0, 0}, new Shape(1, 6));
            float[] right = policy.tokenLogProbs(y, ymask, 1f).toFloatArray();
            for (int t = 0; t < 3; t++) {
                assertEquals(alone[t], left[t + 2], 1e-5f);
                assertEquals(alone[t], right[t], 1e-5f);
            }
        }
    }

    @Test
    void sequenceBatchTargetsSumToTheCompletionLogProb() {
        try (NDManager m = policy.manager().newSubManager()) {
            int[] prompt = {1, 20, 21};
            int[] completion = {22, 23, 2};
            SequenceBatch batch = SequenceBatch.of(m, List.of(prompt, new int[] {1, 30}), List.of(completion, new int[] {31, 2}), 96);
            NDArray lp = policy.tokenLogProbs(batch.ids(), batch.mask(), 1f);
            float[] full = logProbs(m, new long[] {1, 20, 21, 22, 23, 2});
            float expected = full[2] + full[3] + full[4];
            float got = lp.mul(batch.targetMask()).sum(new int[] {1}).toFloatArray()[0];
            assertEquals(expected, got, 1e-5f);
            NDArray aligned = batch.alignCompletionValues(m, List.of(new float[] {1, 2, 3}, new float[] {4, 5}));
            assertArrayEquals(new float[] {0, 0, 1, 2, 3, 0, 4, 5, 0, 0}, aligned.toFloatArray());
        }
    }

    @Test
    void defaultSizeHasTheDocumentedParameterCount() {
        TransformerConfig c = TransformerConfig.policyDefault(TinyPolicies.TOKENIZER.vocabSize());
        try (PolicyModel p = PolicyModel.create(c, TinyPolicies.TOKENIZER, Device.cpu(), 1)) {
            assertEquals(c.parameterCount(), p.parameterCount());
            assertEquals(115_712L, p.parameterCount());
        }
        assertEquals(policy.config().parameterCount(), policy.parameterCount());
    }

    @Test
    void sequenceLongerThanTheContextIsRefused() {
        try (NDManager m = policy.manager().newSubManager()) {
            long[] ids = new long[policy.config().context() + 1];
            assertThrows(IllegalArgumentException.class, () -> logProbs(m, ids));
        }
    }
}
