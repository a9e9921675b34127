package dev.progrs.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoWindowTestTest {
    @Test
    void handComputedShiftOfTheCurrentMeanFiresWithItsZ() {
        // reference 1, 2, 3: mean 2, population sd √(2/3); current (2, 5): mean 3.5;
        // z = 1.5 / (√(2/3) · √(1/3 + 1/2)) = 1.5 / √(5/9) = 2.0125 > 2
        TwoWindowTest t = new TwoWindowTest(3, 2, 2, 0.1);
        for (double x : new double[] {1, 2, 3, 2}) {
            assertTrue(t.update(x).isEmpty());
        }
        assertTrue(t.update(2).isEmpty(), "current (2, 2): z = 0");
        Detection d = t.update(5).orElseThrow();
        assertEquals("two-window", d.detector());
        assertEquals(Direction.UP, d.direction());
        assertEquals(2, d.referenceValue(), 1e-12);
        assertEquals(3.5, d.currentValue(), 1e-12);
        assertEquals(1.5 / Math.sqrt(5.0 / 9), d.statistic(), 1e-12);
        assertEquals(2, d.threshold());
    }

    @Test
    void scaleFloorKeepsAConstantReferenceFromAlarmingOnTinyMoves() {
        TwoWindowTest t = new TwoWindowTest(3, 1, 6, 0.1);
        for (int i = 0; i < 3; i++) {
            t.update(0);
        }
        // z = 0.05 / (0.1 · √(4/3)) = 0.43
        assertTrue(t.update(0.05).isEmpty());
        Detection d = t.update(-1).orElseThrow();
        assertEquals(Direction.DOWN, d.direction());
        assertEquals(-1, d.shift(), 1e-12);
    }
}
