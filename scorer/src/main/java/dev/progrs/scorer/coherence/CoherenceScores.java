package dev.progrs.scorer.coherence;

import java.util.List;

/**
 * What the coherence evaluator returns for one trajectory.
 *
 * @param windows      C_W per configured window size, in configuration order
 * @param processScore the process score b in [0, 1] (chosen by {@link ProcessScoreMode})
 */
public record CoherenceScores(List<WindowValue> windows, double processScore) {

    /** @param windows copied so that the scores stay immutable */
    public CoherenceScores {
        windows = List.copyOf(windows);
    }

    /**
     * C_W of one window size.
     *
     * @param windowSize W in steps
     * @param value      C_W = mean_j µ_j·exp(−λ_var·σ_j/(µ_j + ε))
     */
    public record WindowValue(int windowSize, double value) {
    }

    /**
     * @param windowSize W
     * @return C_W for that window size
     * @throws IllegalArgumentException if W was not configured
     */
    public double valueOf(int windowSize) {
        return windows.stream().filter(w -> w.windowSize() == windowSize).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("window size " + windowSize + " was not evaluated"))
                .value();
    }
}
