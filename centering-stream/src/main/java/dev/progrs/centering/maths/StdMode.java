package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The GRPO group normalisation of rewards (docs/method.md §4, configuration key {@value #CONFIG}).
 * Applied to outcomes it gives the outcome advantage A_out; in {@code reward} mixing it is applied
 * to the mixed rewards r = R + λ·b̃.
 *
 * <p>A group of size 1, or one whose values are all equal, gives 0 for every sample in both modes
 * (there is nothing to compare against).
 */
public enum StdMode {

    /**
     * A_i = (x_i − x̄) / (s + ε), s = sqrt(Σ (x_j − x̄)² / (K − 1)) the Bessel-corrected std,
     * ε = {@value ProgrsAdvantages#EPSILON}.
     */
    UNBIASED("unbiased") {
        @Override
        public double[] normalise(double[] values) {
            double[] out = new double[values.length];
            if (degenerate(values)) {
                return out;
            }
            double mean = mean(values);
            double squares = 0.0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(squares / (values.length - 1));
            for (int i = 0; i < values.length; i++) {
                out[i] = (values[i] - mean) / (std + ProgrsAdvantages.EPSILON);
            }
            return out;
        }
    },

    /** Dr.GRPO: A_i = x_i − x̄, no division by the std. */
    NONE("none") {
        @Override
        public double[] normalise(double[] values) {
            double[] out = new double[values.length];
            if (degenerate(values)) {
                return out;
            }
            double mean = mean(values);
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] - mean;
            }
            return out;
        }
    };

    /** Configuration key that selects the normalisation. */
    public static final String CONFIG = "std";

    private final String configName;

    StdMode(String configName) {
        this.configName = configName;
    }

    /**
     * @param values x_1..x_K (rewards of one group)
     * @return the normalised advantages (a new array)
     */
    public abstract double[] normalise(double[] values);

    /** @return the name used in configuration and on the wire ({@code CenteringSettings.std}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value {@code unbiased} or {@code none}
     * @return the mode with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static StdMode fromConfig(String value) {
        for (StdMode m : values()) {
            if (m.configName.equals(value == null ? null : value.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(StdMode::configName).collect(Collectors.joining(", "));
    }

    /** Size ≤ 1 or all values equal: every advantage is 0 by definition, not 0/ε noise. */
    private static boolean degenerate(double[] values) {
        if (values.length <= 1) {
            return true;
        }
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    private static double mean(double[] values) {
        double sum = 0.0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
