package dev.progrs.scorer.coherence;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a trajectory's process score b is made from its step confidences p_1..p_T
 * (docs/method.md §2, configuration key {@value #CONFIG}). {@code coherence} is the PROGRS default;
 * the {@code prm-*} modes are ablations that ignore the coherence values.
 *
 * <p>Every mode gives b = 0 for T = 0 and b = p_1 for T = 1.
 */
public enum ProcessScoreMode {

    /** b = mean over window sizes W of C_W (paper Eq. 5); T = 1: b = p_1; T = 0: b = 0. */
    COHERENCE("coherence") {
        @Override
        public double score(double[] confidences, double[] coherenceByWindow) {
            if (confidences.length == 0) {
                return 0.0;
            }
            if (confidences.length == 1) {
                return confidences[0];
            }
            return mean(coherenceByWindow);
        }
    },

    /** b = (1/T) Σ_t p_t. */
    PRM_MEAN("prm-mean") {
        @Override
        public double score(double[] confidences, double[] coherenceByWindow) {
            return confidences.length == 0 ? 0.0 : mean(confidences);
        }
    },

    /** b = min_t p_t. */
    PRM_MIN("prm-min") {
        @Override
        public double score(double[] confidences, double[] coherenceByWindow) {
            return confidences.length == 0 ? 0.0 : Arrays.stream(confidences).min().orElseThrow();
        }
    },

    /** b = p_T (the PRM's confidence after the final step). */
    PRM_LAST("prm-last") {
        @Override
        public double score(double[] confidences, double[] coherenceByWindow) {
            return confidences.length == 0 ? 0.0 : confidences[confidences.length - 1];
        }
    };

    /** Configuration key that selects the process score. */
    public static final String CONFIG = "process.score";

    private final String configName;

    ProcessScoreMode(String configName) {
        this.configName = configName;
    }

    /**
     * @param confidences       p_1..p_T
     * @param coherenceByWindow C_W for each configured window size (used by {@link #COHERENCE} only)
     * @return the process score b
     */
    public abstract double score(double[] confidences, double[] coherenceByWindow);

    /** @return the name used in configuration and on the wire ({@code ScoredTrajectory.processScoreMode}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value a configuration value such as {@code prm-min}
     * @return the mode with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static ProcessScoreMode fromConfig(String value) {
        for (ProcessScoreMode m : values()) {
            if (m.configName.equals(value == null ? null : value.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(ProcessScoreMode::configName).collect(Collectors.joining(", "));
    }

    private static double mean(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
