package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PrmNetworkTest {

    private static PrmModel prm;

    @BeforeAll
    static void setUp() {
        prm = TinyPrms.create(11);
    }

    @AfterAll
    static void tearDown() {
        prm.close();
    }

    @Test
    void quantilesAreNonCrossingAndInsideTheUnitIntervalForRandomInputs() {
        SplittableRandom rng = new SplittableRandom(3);
        List<PrmSequence> seqs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int len = 2 + rng.nextInt(60);
            seqs.add(TinyPrms.randomSequence(rng, len, 1 + rng.nextInt(Math.min(8, len - 1))));
        }
        // Large random head weights push the logits far apart and into saturation.
        try (PrmModel wild = TinyPrms.create(5)) {
            NDArray w = wild.network().head().getParameters().get("weight").getArray();
            float[] big = new float[(int) w.getShape().size()];
            for (int i = 0; i < big.length; i++) {
                big[i] = (float) (rng.nextGaussian() * 5);
            }
            w.set(big);
            for (PrmModel m : List.of(prm, wild)) {
                for (double[][] q : m.score(seqs)) {
                    for (double[] step : q) {
                        assertEquals(3, step.length);
                        for (int k = 0; k < step.length; k++) {
                            assertTrue(step[k] >= 0 && step[k] <= 1, "Q out of [0,1]: " + step[k]);
                            if (k > 0) {
                                assertTrue(step[k] >= step[k - 1], "crossing: " + step[k - 1] + " > " + step[k]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anUntrainedHeadStartsNearTheLevelsThemselves() {
        double[][] q = prm.score(List.of(TinyPrms.randomSequence(new SplittableRandom(1), 20, 3))).get(0);
        for (double[] step : q) {
            assertEquals(0.1, step[0], 0.05);
            assertEquals(0.5, step[1], 0.05);
            assertEquals(0.9, step[2], 0.05);
        }
    }

    @Test
    void oneForwardPassEqualsScoringEachPrefixOnItsOwn() {
        SplittableRandom rng = new SplittableRandom(9);
        PrmSequence full = TinyPrms.randomSequence(rng, 50, 6);
        double[][] all = prm.score(List.of(full)).get(0);
        assertEquals(6, all.length);
        for (int t = 1; t <= 6; t++) {
            double[][] alone = prm.score(List.of(full.prefix(t))).get(0);
            for (int k = 0; k < 3; k++) {
                assertEquals(alone[t - 1][k], all[t - 1][k], 1e-5, "prefix " + t + " level " + k);
            }
        }
    }

    @Test
    void aSequenceScoresTheSameAloneAndInAPaddedBatch() {
        SplittableRandom rng = new SplittableRandom(4);
        PrmSequence shortOne = TinyPrms.randomSequence(rng, 12, 3);
        PrmSequence longOne = TinyPrms.randomSequence(rng, 60, 8);
        PrmSequence none = new PrmSequence(new int[] {1, 5, 6}, new int[0]);
        List<double[][]> batch = prm.score(List.of(longOne, shortOne, none));
        double[][] alone = prm.score(List.of(shortOne)).get(0);
        assertEquals(0, batch.get(2).length);
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(alone[t][k], batch.get(1)[t][k], 1e-5);
            }
        }
    }

    @Test
    void aSequenceLongerThanTheContextIsRefusedNamingItsIndex() {
        PrmSequence tooLong = TinyPrms.randomSequence(new SplittableRandom(2), 65, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> prm.score(List.of(TinyPrms.randomSequence(new SplittableRandom(2), 10, 2), tooLong)));
        assertTrue(e.getMessage().contains("sequence 1") && e.getMessage().contains("64"), e.getMessage());
    }
}
