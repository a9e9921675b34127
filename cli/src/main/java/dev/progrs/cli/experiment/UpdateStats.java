package dev.progrs.cli.experiment;

/**
 * What one GRPO update saw: the reward-hacking indicators of issue 8, per batch.
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
 * @param dominanceViolations    pairs where an incorrect sample out-scored a correct one (METHOD.md §4)
 * @param klEstimate             mean approximate KL of the update's steps
 */
public record UpdateStats(long rollouts, int samples, int correct, int incorrectPositive, double processScoreCorrect,
                          double processScoreIncorrect, long responseTokens, int zeroVarianceGroups, int groups,
                          long dominanceViolations, double klEstimate) {

    public int incorrect() {
        return samples - correct;
    }
}
