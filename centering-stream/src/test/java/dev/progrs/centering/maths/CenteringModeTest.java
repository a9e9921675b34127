package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed centering on the group R = (1, 1, 0, 0, 0), b = (0.8, 0.6, 0.5, 0.2, 0.2). */
class CenteringModeTest {

    static final double[] R = {1, 1, 0, 0, 0};
    static final double[] B = {0.8, 0.6, 0.5, 0.2, 0.2};
    private static final double TOL = 1e-12;

    @Test
    void incorrectCentresOnlyTheIncorrectSet() {
        // mean_I b = (0.5 + 0.2 + 0.2)/3 = 0.3 → I: 0.2, −0.1, −0.1 ; C unchanged: 0.8, 0.6
        assertArrayEquals(new double[] {0.8, 0.6, 0.2, -0.1, -0.1}, CenteringMode.INCORRECT.centre(R, B), TOL);
    }

    @Test
    void bothCentresEachOutcomeSetOnItsOwnMean() {
        // mean_C b = (0.8 + 0.6)/2 = 0.7 → 0.1, −0.1 ; mean_I b = 0.3 → 0.2, −0.1, −0.1
        assertArrayEquals(new double[] {0.1, -0.1, 0.2, -0.1, -0.1}, CenteringMode.BOTH.centre(R, B), TOL);
    }

    @Test
    void groupCentresOnTheWholeGroupMean() {
        // mean b = 2.3/5 = 0.46 → 0.34, 0.14, 0.04, −0.26, −0.26
        assertArrayEquals(new double[] {0.34, 0.14, 0.04, -0.26, -0.26}, CenteringMode.GROUP.centre(R, B), TOL);
    }

    @Test
    void noneKeepsTheAbsoluteScores() {
        double[] out = CenteringMode.NONE.centre(R, B);
        assertArrayEquals(B, out, 0.0);
        out[0] = 42;
        assertEquals(0.8, B[0], "centre must not alias its input");
    }

    @Test
    void singleIncorrectSampleGetsZero() {
        double[] r = {1, 0, 1};
        double[] b = {0.9, 0.7, 0.4};
        assertEquals(0.0, CenteringMode.INCORRECT.centre(r, b)[1], 0.0);
        assertEquals(0.0, CenteringMode.BOTH.centre(r, b)[1], 0.0);
    }

    @Test
    void allCorrectGroupIsLeftUnchangedByIncorrectMode() {
        double[] r = {1, 1, 1};
        double[] b = {0.9, 0.7, 0.4};
        assertArrayEquals(b, CenteringMode.INCORRECT.centre(r, b), 0.0);
        // both: mean_C = 2.0/3 → 0.9−0.6667, 0.7−0.6667, 0.4−0.6667
        assertArrayEquals(new double[] {0.9 - 2.0 / 3, 0.7 - 2.0 / 3, 0.4 - 2.0 / 3}, CenteringMode.BOTH.centre(r, b), TOL);
    }

    @Test
    void emptyGroupGivesEmptyBonuses() {
        for (CenteringMode mode : CenteringMode.values()) {
            assertEquals(0, mode.centre(new double[0], new double[0]).length);
        }
    }

    @Test
    void outcomeThatIsNotZeroOrOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CenteringMode.INCORRECT.centre(new double[] {1, 0.5}, new double[] {0.1, 0.2}));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CenteringMode.GROUP.centre(new double[] {1, 0}, new double[] {0.1}));
    }

    @Test
    void configNamesRoundTripAndUnknownNameListsAccepted() {
        for (CenteringMode mode : CenteringMode.values()) {
            assertEquals(mode, CenteringMode.fromConfig(mode.configName()));
        }
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CenteringMode.fromConfig("correct"));
        assertEquals("centering", e.key());
        assertTrue(e.getMessage().contains("'correct'") && e.getMessage().contains("incorrect, both, group, none"),
                e.getMessage());
    }
}
