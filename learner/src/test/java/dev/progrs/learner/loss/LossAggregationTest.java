package dev.progrs.learner.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class LossAggregationTest {

    private static float agg(LossAggregation a, float[] values, float[] mask, int rows) {
        try (NDManager m = NDManager.newBaseManager()) {
            int cols = values.length / rows;
            NDArray v = m.create(values, new Shape(rows, cols));
            NDArray k = m.create(mask, new Shape(rows, cols));
            return a.aggregate(v, k).getFloat();
        }
    }

    @Test
    void tokenMeanWeighsEveryMaskedTokenEqually() {
        // rows: [1 2 3 | mask 1 1 1], [4 9 9 | mask 1 0 0]: (1+2+3+4)/4
        assertEquals(2.5f, agg(LossAggregation.TOKEN_MEAN, new float[] {1, 2, 3, 4, 9, 9}, new float[] {1, 1, 1, 1, 0, 0}, 2), 1e-6);
    }

    @Test
    void seqMeanTokenMeanWeighsEverySequenceEqually() {
        // row means 2 and 4: (2 + 4)/2
        assertEquals(3f, agg(LossAggregation.SEQ_MEAN_TOKEN_MEAN, new float[] {1, 2, 3, 4, 9, 9}, new float[] {1, 1, 1, 1, 0, 0}, 2), 1e-6);
    }

    @Test
    void seqMeanTokenMeanIgnoresRowsWithoutTokens() {
        // third row fully masked: still (2 + 4)/2
        assertEquals(3f, agg(LossAggregation.SEQ_MEAN_TOKEN_MEAN, new float[] {1, 2, 3, 4, 9, 9, 7, 7, 7},
                new float[] {1, 1, 1, 1, 0, 0, 0, 0, 0}, 3), 1e-6);
    }

    @Test
    void anEmptyMaskGivesZeroNotNaN() {
        assertEquals(0f, agg(LossAggregation.TOKEN_MEAN, new float[] {5, 5}, new float[] {0, 0}, 1));
        assertEquals(0f, agg(LossAggregation.SEQ_MEAN_TOKEN_MEAN, new float[] {5, 5}, new float[] {0, 0}, 1));
    }

    @Test
    void namesRoundTripAndAnUnknownNameListsTheAcceptedOnes() {
        for (LossAggregation a : LossAggregation.values()) {
            assertEquals(a, LossAggregation.fromName(a.configName()));
        }
        var e = assertThrows(InvalidSettingException.class, () -> LossAggregation.fromName("seq-mean"));
        assertEquals("Invalid value 'seq-mean' for configuration 'loss-agg': accepted token-mean, seq-mean-token-mean", e.getMessage());
        assertEquals(LossAggregation.CONFIG_KEY, e.key());
    }
}
