package dev.progrs.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {
    @Test
    void handComputedStepFiresWithTheStatisticAndTheLevelsAroundTheChangePoint() {
        // warm-up 2, δ = 0, λ = 1, σ floored at 1. x = 0, 0 | 0 (m⁺ = 0), 3: x̄ = 0.75, m⁺ = 2.25,
        // σ = √(1.6875) (> 1), statistic 2.25 / √1.6875 = √3; change point after x₃: levels 0 → 3
        PageHinkley ph = new PageHinkley(0, 1, 2, 1);
        assertTrue(ph.update(0).isEmpty());
        assertTrue(ph.update(0).isEmpty());
        assertTrue(ph.update(0).isEmpty());
        Detection d = ph.update(3).orElseThrow();
        assertEquals("page-hinkley", d.detector());
        assertEquals(Direction.UP, d.direction());
        assertEquals(Math.sqrt(3), d.statistic(), 1e-12);
        assertEquals(1, d.threshold());
        assertEquals(0, d.referenceValue(), 1e-12);
        assertEquals(3, d.currentValue(), 1e-12);
        assertEquals(3, d.shift(), 1e-12);
    }

    @Test
    void aDownwardStepOnNoiseIsCaughtDownWithinAFewValues() {
        Random r = new Random(1);
        PageHinkley ph = new PageHinkley(0.5, 10, 16, 1e-3);
        for (int i = 0; i < 100; i++) {
            assertTrue(ph.update(1 + 0.1 * r.nextGaussian()).isEmpty(), "no alarm on noise at " + i);
        }
        Optional<Detection> d = Optional.empty();
        int n = 0;
        while (d.isEmpty() && n < 20) {
            d = ph.update(0.5 + 0.1 * r.nextGaussian());
            n++;
        }
        assertTrue(d.isPresent(), "a 5σ drop is caught");
        assertTrue(n <= 5, "within 5 values, took " + n);
        assertEquals(Direction.DOWN, d.get().direction());
        assertEquals(-0.5, d.get().shift(), 0.1);
    }

    @Test
    void restartsAfterAnAlarmAndSkipsNonFiniteValues() {
        PageHinkley ph = new PageHinkley(0, 1, 2, 1);
        ph.update(0);
        ph.update(0);
        ph.update(0);
        assertTrue(ph.update(3).isPresent());
        assertTrue(ph.update(Double.NaN).isEmpty());
        assertTrue(ph.update(100).isEmpty(), "warming up again");
        assertTrue(ph.update(100).isEmpty(), "warm-up ends");
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(-1, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 0, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PageHinkley(0, 1, 2, 0));
    }
}
