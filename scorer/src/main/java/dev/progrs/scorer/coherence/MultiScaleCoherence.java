package dev.progrs.scorer.coherence;

import java.util.ArrayList;
import java.util.List;

/**
 * The multi-scale coherence evaluator (docs/method.md §2, paper Eq. 5): a pure function from step
 * confidences p_1..p_T to per-window-size values C_W and the process score b.
 *
 * <pre>
 *   for each window size W in 𝒲:
 *       windows j of p (see {@link Windowing})
 *       c_{W,j} = µ_j · exp(−λ_var · σ_j / (µ_j + ε))      µ_j, σ_j: mean and population std of window j
 *       C_W     = mean_j c_{W,j}                             (C_W = 0 when T = 0)
 *   b = mean over W of C_W                                   (T = 1: b = p_1; T = 0: b = 0)
 * </pre>
 *
 * with ε = {@value #EPSILON}. Short-window volatility lowers c below the window mean µ, so of two
 * trajectories with the same mean confidence the steadier one scores higher.
 */
public final class MultiScaleCoherence {

    /** ε in the relative volatility σ/(µ + ε); keeps a zero-confidence window finite. */
    public static final double EPSILON = 1e-6;

    private MultiScaleCoherence() {
    }

    /**
     * Coherence of one window: c = µ·exp(−λ_var·σ/(µ + ε)), σ the population std
     * √((1/n) Σ (p_t − µ)²) over the n = to − from steps of the window.
     *
     * @param confidences p (0-based)
     * @param from        first step of the window, inclusive
     * @param to          last step of the window, exclusive; to &gt; from
     * @param lambdaVar   λ_var ≥ 0
     * @return c for that window
     */
    public static double windowCoherence(double[] confidences, int from, int to, double lambdaVar) {
        if (from < 0 || to > confidences.length || to <= from) {
            throw new IllegalArgumentException("window [" + from + ", " + to + ") is empty or outside 0.."
                    + confidences.length);
        }
        int n = to - from;
        double sum = 0.0;
        for (int t = from; t < to; t++) {
            sum += confidences[t];
        }
        double mean = sum / n;
        double squares = 0.0;
        for (int t = from; t < to; t++) {
            double d = confidences[t] - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / n);
        return mean * Math.exp(-lambdaVar * std / (mean + EPSILON));
    }

    /**
     * C_W = mean over the windows j of {@link #windowCoherence c_{W,j}}; 0 for T = 0.
     *
     * @param confidences p_1..p_T
     * @param windowSize  W ≥ 1
     * @param lambdaVar   λ_var ≥ 0
     * @param windowing   how windows are formed
     * @return C_W
     */
    public static double coherence(double[] confidences, int windowSize, double lambdaVar, Windowing windowing) {
        int[][] windows = windowing.windows(confidences.length, windowSize);
        if (windows.length == 0) {
            return 0.0;
        }
        double sum = 0.0;
        for (int[] w : windows) {
            sum += windowCoherence(confidences, w[0], w[1], lambdaVar);
        }
        return sum / windows.length;
    }

    /**
     * Evaluates every configured window size and the process score.
     *
     * @param confidences p_1..p_T, each expected in [0, 1]
     * @param config      windows, λ_var, windowing and process-score mode
     * @return C_W per window size (configuration order) and b
     * @throws IllegalArgumentException if a confidence is not finite
     */
    public static CoherenceScores evaluate(double[] confidences, CoherenceConfig config) {
        for (int t = 0; t < confidences.length; t++) {
            if (!Double.isFinite(confidences[t])) {
                throw new IllegalArgumentException("step confidence p_" + (t + 1) + " is not finite: " + confidences[t]);
            }
        }
        List<CoherenceScores.WindowValue> values = new ArrayList<>(config.windowSizes().size());
        double[] byWindow = new double[config.windowSizes().size()];
        for (int k = 0; k < byWindow.length; k++) {
            int w = config.windowSizes().get(k);
            byWindow[k] = coherence(confidences, w, config.lambdaVar(), config.windowing());
            values.add(new CoherenceScores.WindowValue(w, byWindow[k]));
        }
        return new CoherenceScores(values, config.processScore().score(confidences, byWindow));
    }
}
