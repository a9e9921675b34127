package dev.progrs.learner.grpo;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.List;

/**
 * How much of a batch's advantage mass the all-incorrect groups carry (docs/method.md §4, "Bonus scale"). A group with no
 * correct sample has A_out = 0, so every |A| in it is the process bonus: the signal only PROGRS gives,
 * and the one a bonus too small to matter leaves at ≈ 0.
 *
 * <pre>
 *   G_I   = { g : R_i = 0 for every sample i of g }
 *   share = Σ_{g∈G_I} Σ_{i∈g} |A_i|  /  Σ_g Σ_{i∈g} |A_i|        (0 when Σ|A| = 0: nothing is carried at all)
 * </pre>
 *
 * The two sums are kept, so shares of several batches pool as (Σ allIncorrect) / (Σ total), not as a
 * mean of ratios.
 *
 * @param total        Σ|A| over every sample
 * @param allIncorrect Σ|A| over the samples of groups without a correct sample
 */
public record AllIncorrectShare(double total, double allIncorrect) {

    /** No samples. */
    public static final AllIncorrectShare NONE = new AllIncorrectShare(0, 0);

    /** The sums of {@code groups}; a sample counts as correct when its outcome is 1 (&gt; 0.5). */
    public static AllIncorrectShare of(List<GroupAdvantages> groups) {
        double total = 0;
        double allIncorrect = 0;
        for (GroupAdvantages g : groups) {
            double abs = 0;
            boolean anyCorrect = false;
            for (SampleAdvantage s : g.getSamples()) {
                abs += Math.abs(s.getAdvantage());
                anyCorrect |= s.getOutcome() > 0.5;
            }
            total += abs;
            allIncorrect += anyCorrect ? 0 : abs;
        }
        return new AllIncorrectShare(total, allIncorrect);
    }

    /** @return the pooled sums of this and {@code other} */
    public AllIncorrectShare plus(AllIncorrectShare other) {
        return new AllIncorrectShare(total + other.total, allIncorrect + other.allIncorrect);
    }

    /** @return allIncorrect / total, in [0, 1]; 0 when total = 0 */
    public double share() {
        return total == 0 ? 0.0 : allIncorrect / total;
    }
}
