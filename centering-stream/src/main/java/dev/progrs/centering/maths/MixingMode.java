package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the centred bonus b̃ enters GRPO (docs/method.md §4, configuration key {@value #CONFIG}), with
 * weight λ (λ = 0 is plain outcome-only GRPO in both modes).
 */
public enum MixingMode {

    /**
     * PROGRS default: A_i = A_out,i + λ·b̃_i, A_out = GRPO normalisation of R. When all K samples
     * share the outcome, A_out = 0 and learning is driven by the within-group preferences λ·b̃.
     */
    ADVANTAGE("advantage") {
        @Override
        public double[] mix(double[] outcomes, double[] centredBonus, double lambda, StdMode std) {
            checkLengths(outcomes, centredBonus);
            double[] advantages = std.normalise(outcomes);
            for (int i = 0; i < advantages.length; i++) {
                advantages[i] += lambda * centredBonus[i];
            }
            return advantages;
        }
    },

    /** r_i = R_i + λ·b̃_i, then A = GRPO normalisation of r. */
    REWARD("reward") {
        @Override
        public double[] mix(double[] outcomes, double[] centredBonus, double lambda, StdMode std) {
            checkLengths(outcomes, centredBonus);
            double[] rewards = new double[outcomes.length];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = outcomes[i] + lambda * centredBonus[i];
            }
            return std.normalise(rewards);
        }
    };

    /** Configuration key that selects the mixing. */
    public static final String CONFIG = "mixing";

    private final String configName;

    MixingMode(String configName) {
        this.configName = configName;
    }

    /**
     * @param outcomes     R_1..R_K
     * @param centredBonus b̃_1..b̃_K
     * @param lambda       λ, the bonus weight
     * @param std          the group normalisation
     * @return the final advantages A_1..A_K (a new array)
     */
    public abstract double[] mix(double[] outcomes, double[] centredBonus, double lambda, StdMode std);

    /** @return the name used in configuration and on the wire ({@code CenteringSettings.mixing}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value {@code advantage} or {@code reward}
     * @return the mode with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static MixingMode fromConfig(String value) {
        for (MixingMode m : values()) {
            if (m.configName.equals(value == null ? null : value.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(MixingMode::configName).collect(Collectors.joining(", "));
    }

    private static void checkLengths(double[] outcomes, double[] centredBonus) {
        if (outcomes.length != centredBonus.length) {
            throw new IllegalArgumentException(outcomes.length + " outcomes but " + centredBonus.length + " bonuses");
        }
    }
}
