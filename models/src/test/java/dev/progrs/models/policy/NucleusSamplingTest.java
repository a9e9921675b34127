package dev.progrs.models.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NucleusSamplingTest {

    private static final double[] P = {0.05, 0.5, 0.3, 0.1, 0.05};

    @Test
    void nucleusIsTheSmallestMostProbableSetReachingTopP() {
        assertArrayEquals(new int[] {1}, NucleusSampling.nucleus(P, 0.5));
        assertArrayEquals(new int[] {1, 2}, NucleusSampling.nucleus(P, 0.6));
        assertArrayEquals(new int[] {1, 2, 3}, NucleusSampling.nucleus(P, 0.85));
        // tie between indices 0 and 4 broken by the lower index
        assertArrayEquals(new int[] {1, 2, 3, 0}, NucleusSampling.nucleus(P, 0.92));
    }

    @Test
    void samplingNeverLeavesTheNucleus() {
        SplittableRandom rng = new SplittableRandom(1);
        int[] counts = new int[P.length];
        for (int i = 0; i < 20_000; i++) {
            counts[NucleusSampling.sample(P, 0.8, rng)]++;
        }
        assertEquals(0, counts[0]);
        assertEquals(0, counts[3]);
        assertEquals(0, counts[4]);
        // renormalised inside the nucleus {1, 2}: 0.5/0.8 = 0.625
        assertEquals(0.625, counts[1] / 20_000.0, 0.015);
    }

    @Test
    void fullNucleusSamplesEveryTokenInProportion() {
        SplittableRandom rng = new SplittableRandom(2);
        int[] counts = new int[P.length];
        for (int i = 0; i < 40_000; i++) {
            counts[NucleusSampling.sample(P, 1.0, rng)]++;
        }
        for (int i = 0; i < P.length; i++) {
            assertTrue(Math.abs(counts[i] / 40_000.0 - P[i]) < 0.01, "token " + i + ": " + counts[i]);
        }
    }
}
