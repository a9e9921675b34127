package dev.progrs.scorer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantileCalibrationTest {

    @Test
    void coverageCountsLabelsBelowTheQuantile() {
        double[] y = {0.0, 0.5, 1.0, 0.25};
        double[][] q = {{0.2}, {0.5}, {0.9}, {0.3}};
        assertEquals(0.5, QuantileCalibration.coverage(y, q, 0), 1e-12);          // 0.0 < 0.2, 0.25 < 0.3
        assertEquals(0.75, QuantileCalibration.coverageInclusive(y, q, 0), 1e-12); // + 0.5 ≤ 0.5
    }

    @Test
    void pinballIsTheMeanOfHandComputedStepLosses() {
        double[] taus = {0.1, 0.9};
        // y=0.6, Q=(0.2,0.8): 0.4·0.1 + (−0.2)(−0.1) = 0.06;  y=0, Q=(0.2,0.8): 0.2·0.9 + 0.8·0.1 = 0.26
        assertEquals(0.16, QuantileCalibration.pinball(new double[] {0.6, 0.0},
                new double[][] {{0.2, 0.8}, {0.2, 0.8}}, taus), 1e-12);
    }
}
