package dev.progrs.scorer.prmtrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelDitherTest {

    @Test
    void aDitheredLabelStaysInsideItsBinSoCountsKeepTheirOrder() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k <= 8; k++) {
            for (int i = 0; i < 200; i++) {
                double y = LabelDither.dither(k, 8, rng);
                assertTrue(y >= k / 9.0 && y < (k + 1) / 9.0, k + " -> " + y);
            }
        }
    }

    @Test
    void theMeanOfAllZeroLabelsIsHalfABin() {
        SplittableRandom rng = new SplittableRandom(2);
        double sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += LabelDither.dither(0, 8, rng);
        }
        assertEquals(0.5 / 9, sum / 20_000, 0.002);
    }

    @Test
    void moreSuccessesThanContinuationsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LabelDither.dither(9, 8, new SplittableRandom(1)));
    }
}
