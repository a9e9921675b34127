package dev.progrs.scorer.coherence;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;

/**
 * Which PRM output becomes the step confidence p_t (docs/method.md §1, configuration key
 * {@value #CONFIG}): either one quantile level τ of the PRM, p_t = Q_τ,t (default τ = 0.5,
 * the median), or {@code mean}, p_t = (1/|τs|) Σ_τ Q_τ,t, the average of the PRM's quantiles.
 *
 * <p>The level must be one the PRM was trained for; this is checked against the levels the
 * scores carry, not assumed, because a PRM trained with other levels would otherwise be read
 * at the wrong column silently.
 *
 * @param tau the quantile level, or {@code NaN} for {@code mean}
 */
public record StepConfidence(double tau) {

    /** Configuration key. */
    public static final String CONFIG = "prm.quantile";
    /** The configuration value that selects the mean of the quantiles. */
    public static final String MEAN = "mean";
    /** Two levels closer than this are the same level (levels travel as decimals). */
    public static final double LEVEL_TOLERANCE = 1e-9;

    /** @param tau NaN for {@code mean}, otherwise a level strictly inside (0, 1) */
    public StepConfidence {
        if (!Double.isNaN(tau) && !(tau > 0.0 && tau < 1.0)) {
            throw new InvalidSettingException(CONFIG, tau, "a quantile level strictly between 0 and 1, or '" + MEAN + "'");
        }
    }

    /** @return p_t = Q_0.5,t, the default */
    public static StepConfidence median() {
        return new StepConfidence(0.5);
    }

    /** @return p_t = mean of the quantiles */
    public static StepConfidence mean() {
        return new StepConfidence(Double.NaN);
    }

    /**
     * @param value {@code mean} or a level such as {@code 0.5}
     * @return the choice
     * @throws InvalidSettingException for anything else
     */
    public static StepConfidence fromConfig(String value) {
        String accepted = "a quantile level of the PRM such as 0.5, or '" + MEAN + "'";
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(CONFIG, value == null ? "" : value, accepted);
        }
        if (value.trim().equals(MEAN)) {
            return mean();
        }
        double tau;
        try {
            tau = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(CONFIG, value, accepted);
        }
        if (Double.isNaN(tau)) {
            throw new InvalidSettingException(CONFIG, value, accepted);
        }
        return new StepConfidence(tau);
    }

    /** @return true when p_t is the mean of the quantiles */
    public boolean isMean() {
        return Double.isNaN(tau);
    }

    /** @return the value written to {@code ScoredTrajectory.confidenceQuantile}: the level, e.g. {@code 0.5}, or {@code mean} */
    public String configName() {
        return isMean() ? MEAN : Double.toString(tau);
    }

    /**
     * @param levels the PRM's quantile levels, ascending
     * @return the column of τ in the PRM's output, or −1 for {@code mean}
     * @throws InvalidSettingException if τ is not one of the levels
     */
    public int levelIndex(double[] levels) {
        if (isMean()) {
            return -1;
        }
        for (int k = 0; k < levels.length; k++) {
            if (Math.abs(levels[k] - tau) <= LEVEL_TOLERANCE) {
                return k;
            }
        }
        throw new InvalidSettingException(CONFIG, configName(),
                "one of the PRM's quantile levels " + Arrays.toString(levels) + " or '" + MEAN + "'");
    }

    /**
     * p_t for every step.
     *
     * @param levels        the PRM's levels τ, ascending
     * @param stepQuantiles per step t (outer) the quantiles Q_τ,t in the order of {@code levels}
     * @return p_1..p_T
     * @throws InvalidSettingException if τ is not one of the levels
     * @throws IllegalArgumentException if a step has not one quantile per level
     */
    public double[] confidences(double[] levels, double[][] stepQuantiles) {
        int column = levelIndex(levels);
        double[] p = new double[stepQuantiles.length];
        for (int t = 0; t < stepQuantiles.length; t++) {
            double[] q = stepQuantiles[t];
            if (q.length != levels.length) {
                throw new IllegalArgumentException("step " + (t + 1) + " has " + q.length + " quantiles, the PRM has "
                        + levels.length + " levels");
            }
            if (column >= 0) {
                p[t] = q[column];
            } else {
                double sum = 0.0;
                for (double v : q) {
                    sum += v;
                }
                p[t] = sum / q.length;
            }
        }
        return p;
    }
}
