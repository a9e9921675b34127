package dev.progrs.models.prm;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A post-hoc calibration of a PRM's quantiles: one shift per level in logit space, fitted on held-back
 * Monte-Carlo labels so that each level's coverage is its τ, then the levels re-sorted.
 *
 * <pre>
 *   Q'_k = σ(logit(Q_k) + c_k)                 k = 1..K
 *   Q'   ← sorted ascending                    (rearrangement: keeps the quantiles non-crossing)
 *   c_k  = the c with  (1/n) Σ_j 1[y_j ≤ σ(logit(Q_{k,j}) + c)] = τ_k      on the fitting prefixes j
 * </pre>
 * Each map is strictly increasing, so the order of two prefixes by one level's quantile, and by the
 * median step confidence the scorer reads, is the same before and after: the within-group ranking a
 * PRM gives is untouched, only its levels move. The identity is all shifts 0 ({@link #NONE}).
 *
 * @param logitShifts c_1..c_K (empty: the identity for any K)
 */
public record QuantileRecalibration(List<Double> logitShifts) {

    /** No recalibration. */
    public static final QuantileRecalibration NONE = new QuantileRecalibration(List.of());

    public QuantileRecalibration {
        logitShifts = List.copyOf(logitShifts);
        for (double c : logitShifts) {
            if (!Double.isFinite(c)) {
                throw new IllegalArgumentException("quantile logit shifts must be finite, got " + logitShifts);
            }
        }
    }

    public boolean isIdentity() {
        return logitShifts.stream().allMatch(c -> c == 0);
    }

    /** Q' of one prefix's K quantiles (in place when not the identity; the same array is returned). */
    public double[] apply(double[] q) {
        if (isIdentity()) {
            return q;
        }
        if (q.length != logitShifts.size()) {
            throw new IllegalArgumentException(q.length + " quantiles for " + logitShifts.size() + " shifts");
        }
        for (int k = 0; k < q.length; k++) {
            q[k] = shifted(q[k], logitShifts.get(k));
        }
        Arrays.sort(q);
        return q;
    }

    /**
     * Fits c_k per level by bisection on [−12, 12] (coverage is non-decreasing in c).
     *
     * @param labels    y_j of the fitting prefixes, in [0, 1]
     * @param quantiles Q_{·,j}, K levels per prefix
     * @param taus      τ_1..τ_K
     */
    public static QuantileRecalibration fit(double[] labels, double[][] quantiles, double[] taus) {
        if (labels.length == 0 || labels.length != quantiles.length) {
            throw new IllegalArgumentException("need one quantile row per label and at least one label, got " + labels.length
                    + " labels and " + quantiles.length + " rows");
        }
        Double[] shifts = new Double[taus.length];
        for (int k = 0; k < taus.length; k++) {
            double lo = -12;
            double hi = 12;
            for (int it = 0; it < 60; it++) {
                double mid = (lo + hi) / 2;
                if (coverage(labels, quantiles, k, mid) < taus[k]) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            shifts[k] = (lo + hi) / 2;
        }
        return new QuantileRecalibration(List.of(shifts));
    }

    /** {@code c1,c2,…} for a manifest; "" for {@link #NONE}. */
    public String text() {
        return logitShifts.stream().map(c -> Double.toString(c)).collect(Collectors.joining(","));
    }

    /** Parses {@link #text()}; blank or absent is {@link #NONE}. */
    public static QuantileRecalibration parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        try {
            return new QuantileRecalibration(Arrays.stream(text.split(",")).map(String::trim).map(Double::valueOf).toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quantile logit shifts '" + text + "' are not numbers; accepted: c1,c2,... (finite)");
        }
    }

    private static double coverage(double[] labels, double[][] q, int k, double c) {
        int below = 0;
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] <= shifted(q[j][k], c)) {
                below++;
            }
        }
        return below / (double) labels.length;
    }

    private static double shifted(double q, double c) {
        double p = Math.min(Math.max(q, 1e-9), 1 - 1e-9);
        return 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + c)));
    }
}
