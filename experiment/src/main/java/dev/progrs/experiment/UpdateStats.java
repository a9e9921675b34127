package dev.progrs.experiment;

/**
 * What one GRPO update saw: the reward-hacking indicators of the experiment report, per batch.
 *
 * @param rollouts               samples trained on after this update
 * @param samples                samples in the batch
 * @param correct                samples with outcome 1
 * @param incorrectPositive      incorrect samples whose final advantage is &gt; 0
 * @param processScoreCorrect    sum of the process score b over correct samples
 * @param processScoreIncorrect  sum of b over incorrect samples
 * @param responseTokens         sum of response lengths in tokens
 * @param zeroVarianceGroups     groups whose outcomes were all equal
 * @param groups                 groups in the batch
 * @param dominanceViolations    pairs where an incorrect sample out-scored a correct one (docs/method.md §4)
 * @param klEstimate             mean approximate KL of the update's steps
 * @param advantageAbs           Σ|A| over the batch
 * @param advantageAbsAllIncorrect Σ|A| over the groups of the batch without a correct sample (all process bonus: A_out = 0)
 * @param entropy                mean per-token policy entropy of the update's steps
 * @param gold                   the gold step checker's indicators of the batch; null in runs stored before they were recorded
 */
public record UpdateStats(long rollouts, int samples, int correct, int incorrectPositive, double processScoreCorrect,
                          double processScoreIncorrect, long responseTokens, int zeroVarianceGroups, int groups,
                          long dominanceViolations, double klEstimate, double advantageAbs, double advantageAbsAllIncorrect,
                          double entropy, BatchGoldStats gold) {

    public int incorrect() {
        return samples - correct;
    }

    /**
     * Share of the batch's Σ|A| carried by its all-incorrect groups; NaN when Σ|A| = 0, which is also what runs
     * stored before the two sums were recorded read as.
     */
    public double allIncorrectAdvantageShare() {
        return advantageAbs == 0 ? Double.NaN : advantageAbsAllIncorrect / advantageAbs;
    }
}
