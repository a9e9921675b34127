package dev.progrs.scorer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void perfectSeparationIsOneAndReversedIsZero() {
        boolean[] y = {false, false, true, true};
        assertEquals(1.0, Auroc.of(new double[] {0.1, 0.2, 0.8, 0.9}, y), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {0.9, 0.8, 0.2, 0.1}, y), 1e-12);
    }

    @Test
    void oneMisorderedPairOfFourGivesThreeQuarters() {
        // pairs (pos, neg): (0.8,0.1) ok, (0.8,0.9) wrong, (0.95,0.1) ok, (0.95,0.9) ok → 3/4
        assertEquals(0.75, Auroc.of(new double[] {0.1, 0.9, 0.8, 0.95}, new boolean[] {false, false, true, true}), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        // pos 0.5 vs neg 0.5 tie (½), pos 0.5 vs neg 0.2 win (1), pos 0.7 vs both win (2) → 3.5/4
        assertEquals(0.875, Auroc.of(new double[] {0.5, 0.2, 0.5, 0.7}, new boolean[] {false, false, true, true}), 1e-12);
        // all scores equal: 0.5
        assertEquals(0.5, Auroc.of(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, false, false}), 1e-12);
    }

    @Test
    void aMissingClassGivesNaN() {
        assertTrue(Double.isNaN(Auroc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})));
        assertTrue(Double.isNaN(Auroc.of(new double[0], new boolean[0])));
    }
}
