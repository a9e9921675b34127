package dev.progrs.centering.maths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed GRPO normalisation and both mixings on R = (1, 1, 0, 0, 0), b = (0.8, 0.6, 0.5, 0.2, 0.2). */
class MixingAndStdTest {

    private static final double[] R = CenteringModeTest.R;
    private static final double[] B = CenteringModeTest.B;
    private static final double TOL = 1e-12;
    // mean R = 0.4; R − mean = (0.6, 0.6, −0.4, −0.4, −0.4); Σd² = 2·0.36 + 3·0.16 = 1.2
    // Bessel: s = sqrt(1.2/4) = sqrt(0.3) = 0.5477226 ; A_out = d/(s + 1e−6)
    private static final double S = Math.sqrt(0.3) + 1e-6;
    private static final double A_C = 0.6 / S;   // 1.0954431
    private static final double A_I = -0.4 / S;  // −0.7302954

    @Test
    void unbiasedStdGivesBesselNormalisedOutcomes() {
        assertArrayEquals(new double[] {A_C, A_C, A_I, A_I, A_I}, StdMode.UNBIASED.normalise(R), TOL);
        assertEquals(1.0954431, A_C, 1e-6);
        assertEquals(-0.7302954, A_I, 1e-6);
    }

    @Test
    void noStdIsDrGrpoMeanSubtraction() {
        assertArrayEquals(new double[] {0.6, 0.6, -0.4, -0.4, -0.4}, StdMode.NONE.normalise(R), TOL);
    }

    @Test
    void sizeOneAndEqualGroupsGiveZero() {
        for (StdMode std : StdMode.values()) {
            assertArrayEquals(new double[] {0.0}, std.normalise(new double[] {1}), 0.0);
            assertArrayEquals(new double[] {0, 0, 0}, std.normalise(new double[] {1, 1, 1}), 0.0);
            assertArrayEquals(new double[] {0, 0}, std.normalise(new double[] {0, 0}), 0.0);
            assertEquals(0, std.normalise(new double[0]).length);
        }
    }

    @Test
    void advantageMixingAddsTheWeightedBonusToTheOutcomeAdvantage() {
        // incorrect-centred b̃ = (0.8, 0.6, 0.2, −0.1, −0.1), λ = 0.1:
        // A = (A_C + 0.08, A_C + 0.06, A_I + 0.02, A_I − 0.01, A_I − 0.01)
        double[] bonus = CenteringMode.INCORRECT.centre(R, B);
        assertArrayEquals(new double[] {A_C + 0.08, A_C + 0.06, A_I + 0.02, A_I - 0.01, A_I - 0.01},
                MixingMode.ADVANTAGE.mix(R, bonus, 0.1, StdMode.UNBIASED), TOL);
    }

    @Test
    void rewardMixingNormalisesTheMixedRewards() {
        // r = R + 0.1·b̃ = (1.08, 1.06, 0.02, −0.01, −0.01); mean r = 2.14/5 = 0.428
        // d = (0.652, 0.632, −0.408, −0.438, −0.438); Σd² = 0.425104 + 0.399424 + 0.166464 + 2·0.191844 = 1.37468
        // s = sqrt(1.37468/4) = sqrt(0.34367) = 0.5862337 ; A = d/(s + 1e−6)
        double s = Math.sqrt(1.37468 / 4) + 1e-6;
        double[] bonus = CenteringMode.INCORRECT.centre(R, B);
        assertArrayEquals(new double[] {0.652 / s, 0.632 / s, -0.408 / s, -0.438 / s, -0.438 / s},
                MixingMode.REWARD.mix(R, bonus, 0.1, StdMode.UNBIASED), 1e-12);
        // with std none: A = d
        assertArrayEquals(new double[] {0.652, 0.632, -0.408, -0.438, -0.438},
                MixingMode.REWARD.mix(R, bonus, 0.1, StdMode.NONE), 1e-12);
    }

    @Test
    void everyCenteringModeThroughAdvantageMixingMatchesHandValues() {
        double[][] bonuses = {
            {0.8, 0.6, 0.2, -0.1, -0.1},      // incorrect
            {0.1, -0.1, 0.2, -0.1, -0.1},     // both
            {0.34, 0.14, 0.04, -0.26, -0.26}, // group
            {0.8, 0.6, 0.5, 0.2, 0.2},        // none
        };
        CenteringMode[] modes = {CenteringMode.INCORRECT, CenteringMode.BOTH, CenteringMode.GROUP, CenteringMode.NONE};
        double[] aOut = {A_C, A_C, A_I, A_I, A_I};
        for (int m = 0; m < modes.length; m++) {
            CenteringConfig config = new CenteringConfig(modes[m], MixingMode.ADVANTAGE, 0.5, StdMode.UNBIASED, false);
            AdvantageResult result = ProgrsAdvantages.compute(R, B, config);
            double[] expected = new double[5];
            for (int i = 0; i < 5; i++) {
                expected[i] = aOut[i] + 0.5 * bonuses[m][i];
            }
            assertArrayEquals(bonuses[m], result.centredBonus(), TOL, modes[m].name());
            assertArrayEquals(aOut, result.outcomeAdvantage(), TOL);
            assertArrayEquals(expected, result.advantage(), TOL, modes[m].name());
            assertEquals(0, result.dominanceViolations());
            assertEquals(false, result.zeroVarianceOutcome());
            assertEquals(1.0, result.dominanceScale());
        }
    }

    @Test
    void allIncorrectGroupIsDrivenByWithinGroupPreferences() {
        // R = (0,0,0): A_out = 0; incorrect mode: mean b = 0.5 → b̃ = (0.4, −0.1, −0.3); A = λ·b̃ = (0.04, −0.01, −0.03)
        AdvantageResult r = ProgrsAdvantages.compute(new double[] {0, 0, 0}, new double[] {0.9, 0.4, 0.2},
                CenteringConfig.defaults());
        assertTrue(r.zeroVarianceOutcome());
        assertArrayEquals(new double[] {0, 0, 0}, r.outcomeAdvantage(), 0.0);
        assertArrayEquals(new double[] {0.04, -0.01, -0.03}, r.advantage(), TOL);
    }

    @Test
    void allCorrectGroupGetsTheAbsoluteBonusInIncorrectMode() {
        // R = (1,1): A_out = 0; C is not centred → A = 0.1·b = (0.09, 0.03)
        AdvantageResult r = ProgrsAdvantages.compute(new double[] {1, 1}, new double[] {0.9, 0.3}, CenteringConfig.defaults());
        assertTrue(r.zeroVarianceOutcome());
        assertArrayEquals(new double[] {0.09, 0.03}, r.advantage(), TOL);
    }

    @Test
    void sizeOneGroupHasZeroOutcomeAdvantage() {
        AdvantageResult r = ProgrsAdvantages.compute(new double[] {0}, new double[] {0.7}, CenteringConfig.defaults());
        assertArrayEquals(new double[] {0.0}, r.advantage(), 0.0);
        assertTrue(r.zeroVarianceOutcome());
    }

    @Test
    void lambdaZeroIsPlainGrpo() {
        for (CenteringMode mode : CenteringMode.values()) {
            for (MixingMode mixing : MixingMode.values()) {
                CenteringConfig config = new CenteringConfig(mode, mixing, 0.0, StdMode.UNBIASED, true);
                assertArrayEquals(new double[] {A_C, A_C, A_I, A_I, A_I}, ProgrsAdvantages.compute(R, B, config).advantage(),
                        TOL, mode + "/" + mixing);
            }
        }
    }

    @Test
    void nonFiniteProcessScoreIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ProgrsAdvantages.compute(new double[] {1, 0}, new double[] {0.1, Double.NaN}, CenteringConfig.defaults()));
    }
}
