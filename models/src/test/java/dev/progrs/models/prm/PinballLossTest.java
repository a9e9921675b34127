package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class PinballLossTest {

    private static final double[] TAUS = {0.1, 0.5, 0.9};

    @Test
    void rhoMatchesHandComputedValues() {
        assertEquals(0.03, PinballLoss.rho(0.3, 0.1), 1e-12);     // 0.3·0.1
        assertEquals(0.27, PinballLoss.rho(0.3, 0.9), 1e-12);     // 0.3·0.9
        assertEquals(0.18, PinballLoss.rho(-0.2, 0.1), 1e-12);    // −0.2·(0.1 − 1)
        assertEquals(0.02, PinballLoss.rho(-0.2, 0.9), 1e-12);    // −0.2·(0.9 − 1)
        assertEquals(0.0, PinballLoss.rho(0.0, 0.5), 1e-12);
    }

    @Test
    void stepLossSumsTheLevels() {
        // y = 0.6, Q = (0.2, 0.5, 0.8): u = 0.4, 0.1, −0.2 → 0.04 + 0.05 + 0.02 = 0.11
        assertEquals(0.11, PinballLoss.stepLoss(0.6, new double[] {0.2, 0.5, 0.8}, TAUS), 1e-12);
    }

    @Test
    void tensorLossIsTheWeightedMeanOfHandComputedStepLosses() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // one row, three step slots; the third slot is padding (weight 0)
            float[] q = {0.2f, 0.5f, 0.8f, 0.0f, 0.1f, 0.3f, 0.9f, 0.9f, 0.9f};
            float[] y = {0.6f, 1.0f, 0.0f};
            float[] w = {1f, 1f, 0f};
            // step 1: 0.11 (above); step 2: y = 1, Q = (0, 0.1, 0.3): 0.1·1 + 0.5·0.9 + 0.9·0.7 = 1.18
            double expected = (0.11 + 1.18) / 2;
            float got = PinballLoss.loss(m.create(q, new Shape(1, 3, 3)), m.create(y, new Shape(1, 3)),
                    m.create(w, new Shape(1, 3)), TAUS).getFloat();
            assertEquals(expected, got, 1e-6);
        }
    }
}
