package dev.progrs.centering.maths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DominanceGuardTest {

    @Test
    void violationsCountEveryCorrectIncorrectPairOutOfOrder() {
        // correct A: 0.5, 0.1 ; incorrect A: 0.3, 0.1, −1 → pairs with A_c ≤ A_i: (0.1,0.3), (0.1,0.1) → 2
        double[] r = {1, 1, 0, 0, 0};
        double[] a = {0.5, 0.1, 0.3, 0.1, -1};
        assertEquals(2, OutcomeDominance.violations(r, a));
        assertEquals(0, OutcomeDominance.violations(new double[] {1, 1}, new double[] {0.2, 0.1}));
    }

    @Test
    void guardScaleIsTheAnalyticBoundaryOnATwoSampleGroup() {
        // R = (1, 0), b = (0.1, 0.9), none, advantage, λ = 5, unbiased.
        // A_out = ±0.5/(sqrt(0.5) + 1e−6) = ±0.7071058 → Δ = 1.4142116
        // A_c − A_i = Δ + s·5·(0.1 − 0.9) = Δ − 4s  → violation at s = 1; boundary s* = Δ/4 = 0.3535529
        double[] r = {1, 0};
        double[] b = {0.1, 0.9};
        CenteringConfig off = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 5.0, StdMode.UNBIASED, false);
        CenteringConfig on = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 5.0, StdMode.UNBIASED, true);
        AdvantageResult unguarded = ProgrsAdvantages.compute(r, b, off);
        assertEquals(1, unguarded.dominanceViolations());
        assertEquals(1.0, unguarded.dominanceScale());

        AdvantageResult guarded = ProgrsAdvantages.compute(r, b, on);
        double delta = 1.0 / (Math.sqrt(0.5) + 1e-6);
        assertEquals(delta / 4, guarded.dominanceScale(), 1e-8);
        assertEquals(0.3535529, guarded.dominanceScale(), 1e-6);
        assertEquals(0, guarded.dominanceViolations());
        assertEquals(1, guarded.violationsBeforeGuard());
        assertTrue(guarded.advantage()[0] > guarded.advantage()[1]);
        // just enough: a scale 1e−6 above the boundary breaks dominance again
        double[] above = MixingMode.ADVANTAGE.mix(r, guarded.centredBonus(), 5.0 * delta / 4 * (1 + 1e-6), StdMode.UNBIASED);
        assertEquals(1, OutcomeDominance.violations(r, above));
    }

    @Test
    void guardOnRewardMixingUsesTheUnitOutcomeGap() {
        // R = (1, 0, 0), b̃ (none) = (0.0, 0.6, 0.2), λ = 4, reward:
        // at s = 1: r = (1, 2.4, 0.8) → only (c, i=1) is out of order (1 ≤ 2.4): 1 violation
        // r_c − r_i = 1 + s·4·(0 − b̃_i); binding pair (c, i=1): s* = 1/(4·0.6) = 0.416667
        double[] r = {1, 0, 0};
        double[] b = {0.0, 0.6, 0.2};
        CenteringConfig on = new CenteringConfig(CenteringMode.NONE, MixingMode.REWARD, 4.0, StdMode.UNBIASED, true);
        AdvantageResult guarded = ProgrsAdvantages.compute(r, b, on);
        assertEquals(1.0 / 2.4, guarded.dominanceScale(), 1e-8);
        assertEquals(0, guarded.dominanceViolations());
        assertEquals(1, guarded.violationsBeforeGuard());
    }

    @Test
    void guardLeavesAGroupWithoutViolationsUntouched() {
        double[] r = {1, 0, 0};
        double[] b = {0.9, 0.5, 0.1};
        CenteringConfig on = new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, true);
        CenteringConfig off = new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, false);
        assertEquals(ProgrsAdvantages.compute(r, b, off).advantage()[1], ProgrsAdvantages.compute(r, b, on).advantage()[1]);
        assertEquals(1.0, ProgrsAdvantages.compute(r, b, on).dominanceScale());
    }

    @Test
    void singleOutcomeGroupNeedsNoGuard() {
        assertEquals(1.0, DominanceGuard.scale(new double[] {0, 0}, new double[] {5, -5}, 10, MixingMode.ADVANTAGE, StdMode.UNBIASED));
    }
}
