package dev.progrs.monitor.window;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve of a score for a binary label, by the Mann–Whitney statistic with
 * mid-ranks for ties:
 *
 * <pre>
 *   AUROC = (Σ_{i: y_i = 1} rank(s_i) − n₁(n₁ + 1)/2) / (n₁ · n₀)
 * </pre>
 *
 * equivalently P(s⁺ &gt; s⁻) + ½·P(s⁺ = s⁻) over a random (positive, negative) pair. 1 means the
 * score ranks every correct sample above every incorrect one, 0.5 means no agreement. NaN when
 * either class is empty. (Written here because {@code dev.progrs.scorer.metrics.Auroc} did not exist
 * when the monitor was built; if it appears, one of the two should go.)
 */
public final class Auroc {
    private Auroc() {
    }

    /**
     * @param scores   score per item
     * @param positive label per item (same length)
     * @return the AUROC in [0, 1], or NaN when there are no positives or no negatives
     */
    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + positive.length);
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long nPos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += midRank;
                    nPos++;
                }
            }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
    }
}
