package dev.progrs.models.policy;

/**
 * One generated completion.
 *
 * @param tokenIds  generated token ids, the EOS included when one was produced
 * @param logProbs  {@code log π_T} of each generated token under the behaviour policy (same length)
 * @param truncated true when generation stopped at the token limit or the context end without EOS
 * @param text      the decoded completion (up to, not including, EOS)
 */
public record Sample(int[] tokenIds, float[] logProbs, boolean truncated, String text) {

    /** Sum of the per-token log-probabilities: {@code log π_T(completion | prompt)}. */
    public double sequenceLogProb() {
        double s = 0;
        for (float lp : logProbs) {
            s += lp;
        }
        return s;
    }
}
