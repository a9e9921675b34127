package dev.progrs.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AurocTest {
    @Test
    void perfectRankingIsOneAndReversedIsZero() {
        assertEquals(1.0, Auroc.of(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {true, true, false, false}), 1e-12);
        assertEquals(0.0, Auroc.of(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {true, true, false, false}), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        // pairs (0.3,0.3)=1/2, (0.3,0.1)=1, (0.7,0.3)=1, (0.7,0.1)=1 -> 3.5/4
        assertEquals(0.875, Auroc.of(new double[] {0.3, 0.7, 0.3, 0.1}, new boolean[] {true, true, false, false}), 1e-12);
        assertEquals(0.5, Auroc.of(new double[] {0.5, 0.5}, new boolean[] {true, false}), 1e-12);
    }

    @Test
    void oneClassOnlyIsUndefined() {
        assertTrue(Double.isNaN(Auroc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})));
        assertTrue(Double.isNaN(Auroc.of(new double[] {}, new boolean[] {})));
    }

    @Test
    void lengthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {0.1}, new boolean[] {true, false}));
    }
}
