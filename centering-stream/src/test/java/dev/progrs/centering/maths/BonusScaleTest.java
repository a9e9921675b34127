package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed {@code bonus-scale} on R = (1, 1, 0, 0, 0), b = (0.8, 0.6, 0.5, 0.2, 0.2), and its place before mixing and the guard. */
class BonusScaleTest {

    private static final double[] R = CenteringModeTest.R;
    private static final double[] B = CenteringModeTest.B;
    private static final double TOL = 1e-12;
    private static final double EPS = ProgrsAdvantages.EPSILON;
    // incorrect set of every mode but group: b̃_I = (0.2, −0.1, −0.1), mean 0, Σ² = 0.04 + 0.01 + 0.01 = 0.06
    // population σ_I = sqrt(0.06/3) = sqrt(0.02) = 0.1414214
    private static final double SIGMA_I = Math.sqrt(0.02) + EPS;

    private static double[] scaled(CenteringMode mode, BonusScale scale) {
        return scale.scale(mode.centre(R, B), mode.centredSets(R));
    }

    @Test
    void rawKeepsTheCentredBonusOfEveryMode() {
        for (CenteringMode mode : CenteringMode.values()) {
            assertArrayEquals(mode.centre(R, B), scaled(mode, BonusScale.RAW), 0.0, mode.name());
        }
    }

    @Test
    void stdDividesTheIncorrectSetByItsSpreadAndLeavesTheCorrectScoresRaw() {
        // I: (0.2, −0.1, −0.1)/0.1414224 = (1.4142036, −0.7071018, −0.7071018); C not centred: (0.8, 0.6)
        double[] out = scaled(CenteringMode.INCORRECT, BonusScale.STD);
        assertArrayEquals(new double[] {0.8, 0.6, 0.2 / SIGMA_I, -0.1 / SIGMA_I, -0.1 / SIGMA_I}, out, TOL);
        assertEquals(1.4142036, out[2], 1e-6);
        assertEquals(-0.7071018, out[3], 1e-6);
    }

    @Test
    void stdDividesEachOutcomeSetByItsOwnSpreadInBoth() {
        // C: b̃_C = (0.1, −0.1), σ_C = sqrt(0.02/2) = 0.1 → (0.1, −0.1)/(0.1 + 1e−6) = (0.99999, −0.99999); I as in incorrect
        double sigmaC = 0.1 + EPS;
        assertArrayEquals(new double[] {0.1 / sigmaC, -0.1 / sigmaC, 0.2 / SIGMA_I, -0.1 / SIGMA_I, -0.1 / SIGMA_I},
                scaled(CenteringMode.BOTH, BonusScale.STD), TOL);
    }

    @Test
    void stdDividesTheWholeGroupByItsSpreadInGroup() {
        // b̃ = (0.34, 0.14, 0.04, −0.26, −0.26), Σ² = 0.1156 + 0.0196 + 0.0016 + 2·0.0676 = 0.272
        // σ = sqrt(0.272/5) = sqrt(0.0544) = 0.2332381 → 0.34/0.2332391 = 1.4577317
        double sigma = Math.sqrt(0.0544) + EPS;
        double[] out = scaled(CenteringMode.GROUP, BonusScale.STD);
        assertArrayEquals(new double[] {0.34 / sigma, 0.14 / sigma, 0.04 / sigma, -0.26 / sigma, -0.26 / sigma}, out, TOL);
        assertEquals(1.4577317, out[0], 1e-6);
    }

    @Test
    void stdLeavesTheAbsoluteScoresOfNoneRaw() {
        assertArrayEquals(B, scaled(CenteringMode.NONE, BonusScale.STD), 0.0);
    }

    @Test
    void aSetOfOneSampleGetsZero() {
        // one incorrect sample in a set of its own, beside two in another set: the single one gets 0, not 0.3/ε
        double[] out = BonusScale.STD.scale(new double[] {0.3, 0.1, -0.1}, new int[] {0, 1, 1});
        assertArrayEquals(new double[] {0.0, 0.1 / (0.1 + EPS), -0.1 / (0.1 + EPS)}, out, TOL);
    }

    @Test
    void aSetWithoutSpreadGetsZeroRatherThanRoundingNoiseOverEpsilon() {
        // b_I = (0.1, 0.1, 0.1): mean = 0.30000000000000004/3 = 0.10000000000000002, so b̃_I = −1.4e−17 each;
        // divided by ε that would be −1.4e−11 — the set holds nothing to tell apart, so 0
        double[] r = {1, 0, 0, 0};
        double[] b = {0.7, 0.1, 0.1, 0.1};
        double[] out = BonusScale.STD.scale(CenteringMode.INCORRECT.centre(r, b), CenteringMode.INCORRECT.centredSets(r));
        assertArrayEquals(new double[] {0.7, 0.0, 0.0, 0.0}, out, 0.0);
    }

    @Test
    void anAllIncorrectGroupGetsUnitSpreadBonusesInTheAdvantage() {
        // R = (0,0,0): A_out = 0; b = (0.9, 0.4, 0.2) → b̃ = (0.4, −0.1, −0.3), Σ² = 0.16 + 0.01 + 0.09 = 0.26
        // σ = sqrt(0.26/3) = 0.2943920 → A = 0.1·b̃/(σ + ε) = (0.1358728, −0.0339682, −0.1019046)
        CenteringConfig config = CenteringConfig.defaults().withBonusScale(BonusScale.STD);
        AdvantageResult r = ProgrsAdvantages.compute(new double[] {0, 0, 0}, new double[] {0.9, 0.4, 0.2}, config);
        double sigma = Math.sqrt(0.26 / 3) + EPS;
        assertArrayEquals(new double[] {0.4 / sigma, -0.1 / sigma, -0.3 / sigma}, r.centredBonus(), TOL);
        assertArrayEquals(new double[] {0.04 / sigma, -0.01 / sigma, -0.03 / sigma}, r.advantage(), TOL);
        assertEquals(0.1358728, r.advantage()[0], 1e-6);
    }

    @Test
    void dominanceIsCountedAndGuardedOnTheScaledBonus() {
        // R = (1, 0, 0), b = (0.0, 0.9, 0.1), incorrect, advantage, λ = 2, unbiased.
        // mean R = 1/3, d = (2/3, −1/3, −1/3), Σd² = 6/9, s = sqrt(1/3) = 0.5773503 → A_out = (1.1547005, −0.5773503, −0.5773503), Δ = 1/(s + ε) = 1.7320478
        // b̃_I = (0.4, −0.4), σ_I = 0.4: raw A_i1 = −0.57735 + 0.8 = 0.22265 < A_c = 1.1547 → no violation;
        // std b̃_I = ±0.4/0.400001 = ±0.9999975, A_i1 = −0.5773503 + 1.999995 = 1.4226447 > 1.1547005 → 1 violation
        double[] r = {1, 0, 0};
        double[] b = {0.0, 0.9, 0.1};
        CenteringConfig raw = new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 2.0, StdMode.UNBIASED, false);
        assertEquals(0, ProgrsAdvantages.compute(r, b, raw).dominanceViolations());
        AdvantageResult unguarded = ProgrsAdvantages.compute(r, b, raw.withBonusScale(BonusScale.STD));
        assertEquals(1, unguarded.dominanceViolations());
        // guard: g = max_I b̃ − min_C b̃ = 0.9999975 − 0 ; s* = Δ/(λ·g) = 1.7320478/(2·0.9999975) = 0.8660261
        CenteringConfig guardedStd = new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 2.0, StdMode.UNBIASED, true,
                BonusScale.STD);
        AdvantageResult guarded = ProgrsAdvantages.compute(r, b, guardedStd);
        double delta = 1.0 / (Math.sqrt(1.0 / 3) + EPS);
        assertEquals(delta / (2 * (0.4 / (0.4 + EPS))), guarded.dominanceScale(), 1e-8);
        assertEquals(0.8660261, guarded.dominanceScale(), 1e-6);
        assertEquals(1, guarded.violationsBeforeGuard());
        assertEquals(0, guarded.dominanceViolations());
        assertTrue(guarded.advantage()[0] > guarded.advantage()[1]);
    }

    @Test
    void fromConfigListsTheAcceptedValues() {
        assertEquals(BonusScale.STD, BonusScale.fromConfig(" std "));
        assertEquals(BonusScale.RAW, BonusScale.fromConfig("raw"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> BonusScale.fromConfig("unit"));
        assertEquals("Invalid value 'unit' for configuration 'bonus-scale': accepted values are raw, std", e.getMessage());
    }
}
