package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileRecalibrationTest {

    private static final double[] TAUS = {0.1, 0.5, 0.9};

    @Test
    void fittedShiftsGiveEachLevelItsCoverageAndKeepTheOrder() {
        // labels uniform on [0, 0.5]; a PRM that says 0.3 / 0.6 / 0.9 everywhere over-covers every level
        SplittableRandom rng = new SplittableRandom(3);
        int n = 4000;
        double[] y = new double[n];
        double[][] q = new double[n][];
        for (int j = 0; j < n; j++) {
            y[j] = 0.5 * rng.nextDouble();
            double bump = 0.05 * rng.nextDouble(); // a little spread so that the coverage can be hit exactly
            q[j] = new double[] {0.3 + bump, 0.6 + bump, 0.9 + bump / 2};
        }
        QuantileRecalibration r = QuantileRecalibration.fit(y, q, TAUS);
        for (int k = 0; k < TAUS.length; k++) {
            int below = 0;
            for (int j = 0; j < n; j++) {
                if (y[j] <= r.apply(q[j].clone())[k]) {
                    below++;
                }
            }
            assertEquals(TAUS[k], below / (double) n, 0.01, "level " + TAUS[k]);
        }
        // strictly increasing per level: two prefixes keep their order
        double[] a = r.apply(new double[] {0.30, 0.60, 0.90});
        double[] b = r.apply(new double[] {0.31, 0.61, 0.91});
        for (int k = 0; k < 3; k++) {
            assertTrue(a[k] < b[k], "level " + k + ": " + a[k] + " vs " + b[k]);
            assertTrue(k == 0 || a[k - 1] <= a[k], "non-crossing");
        }
    }

    @Test
    void theIdentityLeavesQuantilesAsTheyAreAndTextRoundTrips() {
        double[] q = {0.2, 0.5, 0.7};
        assertSame(q, QuantileRecalibration.NONE.apply(q));
        assertArrayEquals(new double[] {0.2, 0.5, 0.7}, q);
        QuantileRecalibration r = new QuantileRecalibration(List.of(-0.5, 0.25, 1.0));
        assertEquals(r, QuantileRecalibration.parse(r.text()));
        assertEquals(QuantileRecalibration.NONE, QuantileRecalibration.parse(" "));
        var e = assertThrows(IllegalArgumentException.class, () -> QuantileRecalibration.parse("0.1,x"));
        assertTrue(e.getMessage().contains("accepted: c1,c2,..."), e.getMessage());
    }
}
