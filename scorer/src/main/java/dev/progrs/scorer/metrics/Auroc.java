package dev.progrs.scorer.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score for a binary outcome, by the Mann–Whitney statistic:
 *
 * <pre>
 *   AUROC = (1 / (n₊·n₋)) · Σ_{i: y=1} Σ_{j: y=0} ( 1[s_i &gt; s_j] + ½·1[s_i = s_j] )
 *         = (R₊ − n₊(n₊+1)/2) / (n₊·n₋)          R₊: sum of the mid-ranks of the positives
 * </pre>
 * 1 means every positive outscores every negative, 0.5 is chance; NaN when either class is empty.
 * O(n log n). Pure: no I/O.
 */
public final class Auroc {

    private Auroc() {
    }

    /**
     * @param scores   s_i, finite
     * @param positive y_i (true = 1)
     * @return AUROC, or NaN when there is no positive or no negative
     */
    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " outcomes");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
