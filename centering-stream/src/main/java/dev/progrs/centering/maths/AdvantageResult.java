package dev.progrs.centering.maths;

import java.util.Arrays;

/**
 * The PROGRS advantages of one prompt group, sample order as given.
 *
 * @param centredBonus          b̃_i from the centering mode and the bonus scale (before any guard scaling): what λ multiplies
 * @param outcomeAdvantage      A_out,i, the GRPO normalisation of the outcomes
 * @param advantage             A_i, what the policy loss uses (after the guard, if on)
 * @param violationsBeforeGuard dominance violations with the unscaled bonus
 * @param dominanceViolations   dominance violations of {@code advantage} (0 with the guard on)
 * @param zeroVarianceOutcome   all outcomes equal (or K = 1): A_out = 0, only the bonus drives learning
 * @param dominanceScale        s, the factor applied to λ·b̃ by the guard (1 when off or not needed)
 */
public record AdvantageResult(double[] centredBonus, double[] outcomeAdvantage, double[] advantage,
                              int violationsBeforeGuard, int dominanceViolations, boolean zeroVarianceOutcome,
                              double dominanceScale) {

    @Override
    public boolean equals(Object other) {
        return other instanceof AdvantageResult r
                && Arrays.equals(centredBonus, r.centredBonus)
                && Arrays.equals(outcomeAdvantage, r.outcomeAdvantage)
                && Arrays.equals(advantage, r.advantage)
                && violationsBeforeGuard == r.violationsBeforeGuard
                && dominanceViolations == r.dominanceViolations
                && zeroVarianceOutcome == r.zeroVarianceOutcome
                && Double.compare(dominanceScale, r.dominanceScale) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(advantage) + Arrays.hashCode(centredBonus)) + dominanceViolations;
    }

    @Override
    public String toString() {
        return "AdvantageResult[centredBonus=" + Arrays.toString(centredBonus)
                + ", outcomeAdvantage=" + Arrays.toString(outcomeAdvantage)
                + ", advantage=" + Arrays.toString(advantage)
                + ", violationsBeforeGuard=" + violationsBeforeGuard + ", dominanceViolations=" + dominanceViolations
                + ", zeroVarianceOutcome=" + zeroVarianceOutcome + ", dominanceScale=" + dominanceScale + "]";
    }
}
