package dev.progrs.scorer.metrics;

/**
 * How well predicted quantiles Q_τ match labels y on held-out data.
 *
 * <pre>
 *   coverage_τ      = (1/n) Σ_i 1[y_i &lt; Q_τ,i]      should be ≈ τ for a calibrated τ-quantile
 *   coverage≤_τ     = (1/n) Σ_i 1[y_i ≤ Q_τ,i]      for discrete labels τ ∈ [coverage_τ, coverage≤_τ]
 *   pinball         = (1/n) Σ_i Σ_k ρ_τk(y_i − Q_τk,i),   ρ_τ(u) = u·(τ − 1[u &lt; 0])
 * </pre>
 * Pure: no I/O.
 */
public final class QuantileCalibration {

    private QuantileCalibration() {
    }

    /**
     * @param labels    y_i
     * @param quantiles Q_·,i per example (inner: one value per level)
     * @param level     column k
     * @return share of labels strictly below Q_τk
     */
    public static double coverage(double[] labels, double[][] quantiles, int level) {
        return share(labels, quantiles, level, false);
    }

    /** Share of labels at or below Q_τk. */
    public static double coverageInclusive(double[] labels, double[][] quantiles, int level) {
        return share(labels, quantiles, level, true);
    }

    /** Mean over examples of Σ_k ρ_τk(y − Q_τk). */
    public static double pinball(double[] labels, double[][] quantiles, double[] taus) {
        check(labels, quantiles);
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int k = 0; k < taus.length; k++) {
                double u = labels[i] - quantiles[i][k];
                s += u * (taus[k] - (u < 0 ? 1 : 0));
            }
        }
        return s / labels.length;
    }

    private static double share(double[] labels, double[][] quantiles, int level, boolean inclusive) {
        check(labels, quantiles);
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            double q = quantiles[i][level];
            if (labels[i] < q || (inclusive && labels[i] == q)) {
                n++;
            }
        }
        return (double) n / labels.length;
    }

    private static void check(double[] labels, double[][] quantiles) {
        if (labels.length != quantiles.length || labels.length == 0) {
            throw new IllegalArgumentException(labels.length + " labels for " + quantiles.length + " predictions (need the same, > 0)");
        }
    }
}
