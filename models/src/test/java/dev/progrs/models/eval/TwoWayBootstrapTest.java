package dev.progrs.models.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoWayBootstrapTest {

    /** Mean over the drawn problems of x[p] (one seed). */
    private static TwoWayBootstrap.Statistic mean(double[] x) {
        return (seeds, problems) -> {
            double s = 0;
            for (int p : problems) {
                s += x[p];
            }
            return s / problems.length;
        };
    }

    @Test
    void aConstantDifferenceHasAZeroWidthInterval() {
        double[] d = new double[300];
        java.util.Arrays.fill(d, 0.1);
        TwoWayBootstrap.Interval i = TwoWayBootstrap.of(mean(d), 1, d.length, 7);
        assertEquals(0.1, i.estimate(), 1e-12);
        assertEquals(0.1, i.low(), 1e-12);
        assertEquals(0.1, i.high(), 1e-12);
    }

    @Test
    void aBinaryDifferenceGetsTheNormalApproximationsWidth() {
        // 30 of 300 problems gained one answer: mean 0.1, standard error sqrt(0.1·0.9/300) = 0.0173
        double[] d = new double[300];
        for (int p = 0; p < 30; p++) {
            d[p * 10] = 1;
        }
        TwoWayBootstrap.Interval i = TwoWayBootstrap.of(mean(d), 1, d.length, 11);
        assertEquals(0.1, i.estimate(), 1e-12);
        double se = Math.sqrt(0.1 * 0.9 / 300);
        assertEquals(0.1 - 1.96 * se, i.low(), 0.008, "low " + i.low());
        assertEquals(0.1 + 1.96 * se, i.high(), 0.008, "high " + i.high());
        assertEquals(TwoWayBootstrap.REPLICATES, i.replicates());
    }

    @Test
    void seedsAreResampledTooSoSeedToSeedSpreadWidensTheInterval() {
        // two seeds whose differences are +0.2 and 0.0 on every problem: problems alone would give a zero-width interval
        double[][] d = new double[2][100];
        java.util.Arrays.fill(d[0], 0.2);
        TwoWayBootstrap.Statistic s = (seeds, problems) -> {
            double sum = 0;
            for (int a : seeds) {
                for (int p : problems) {
                    sum += d[a][p];
                }
            }
            return sum / (seeds.length * problems.length);
        };
        TwoWayBootstrap.Interval i = TwoWayBootstrap.of(s, 2, 100, 3);
        assertEquals(0.1, i.estimate(), 1e-12);
        assertEquals(0.0, i.low(), 1e-12);
        assertEquals(0.2, i.high(), 1e-12);
    }

    @Test
    void notReachedCountsAsLargerThanAnyFiniteValue() {
        TwoWayBootstrap.Statistic s = (seeds, problems) -> problems[0] % 2 == 0 ? Double.POSITIVE_INFINITY : 1000;
        TwoWayBootstrap.Interval i = TwoWayBootstrap.of(s, 1, 10, 5);
        assertEquals(1000, i.low());
        assertTrue(Double.isInfinite(i.high()));
    }
}
