package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The size of the centred bonus before λ multiplies it (docs/method.md §4, "Bonus scale", configuration key
 * {@value #CONFIG}). A process score whose spread inside a group is 0.016 gives λ·b̃ ≈ ±0.0016 at
 * λ = 0.1 against |A_out| ≈ 1: the bonus cannot change what the policy learns. {@code std} puts each
 * centred set on unit spread, so λ alone says how much the process bonus weighs.
 *
 * <p>The scale works per centred set S, as {@link CenteringMode#centredSets} gives them: the incorrect
 * set in {@code incorrect}, each outcome set in {@code both}, the whole group in {@code group}. Values
 * that were not centred (correct samples in {@code incorrect}, everything in {@code none}) are absolute
 * scores in [0, 1]; dividing them by a spread would turn a constant shared by the whole set into a
 * large one, so they stay raw in both modes.
 */
public enum BonusScale {

    /** b̃_i as the centering mode computed it. */
    RAW("raw") {
        @Override
        public double[] scale(double[] centredBonus, int[] sets) {
            checkLengths(centredBonus, sets);
            return centredBonus.clone();
        }
    },

    /**
     * i in a centred set S: b̃_i / (σ_S + ε), σ_S = sqrt(Σ_{j∈S} (b̃_j − mean_S b̃)² / |S|) the population
     * std of b̃ over S, ε = {@value ProgrsAdvantages#EPSILON}; a set of one sample, or one whose values are
     * all equal (σ_S = 0), gives 0 for each of its samples. i not centred: b̃_i unchanged.
     */
    STD("std") {
        @Override
        public double[] scale(double[] centredBonus, int[] sets) {
            checkLengths(centredBonus, sets);
            double[] out = centredBonus.clone();
            for (int set : Arrays.stream(sets).filter(s -> s != CenteringMode.NOT_CENTRED).distinct().toArray()) {
                double[] values = valuesOf(centredBonus, sets, set);
                // one sample, or no spread: nothing to tell apart, so no bonus rather than rounding noise / ε
                boolean degenerate = values.length == 1 || Arrays.stream(values).allMatch(v -> v == values[0]);
                double divisor = populationStd(values) + ProgrsAdvantages.EPSILON;
                for (int i = 0; i < sets.length; i++) {
                    if (sets[i] == set) {
                        out[i] = degenerate ? 0.0 : centredBonus[i] / divisor;
                    }
                }
            }
            return out;
        }
    };

    /** Configuration key that selects the bonus scale. */
    public static final String CONFIG = "bonus-scale";

    private final String configName;

    BonusScale(String configName) {
        this.configName = configName;
    }

    /**
     * @param centredBonus b̃_1..b̃_K from the centering mode
     * @param sets         the centred set of each sample ({@link CenteringMode#centredSets})
     * @return the scaled bonuses (a new array)
     * @throws IllegalArgumentException if the lengths differ
     */
    public abstract double[] scale(double[] centredBonus, int[] sets);

    /** @return the name used in configuration and on the wire ({@code CenteringSettings.bonusScale}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value {@code raw} or {@code std}
     * @return the scale with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static BonusScale fromConfig(String value) {
        for (BonusScale b : values()) {
            if (b.configName.equals(value == null ? null : value.trim())) {
                return b;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(BonusScale::configName).collect(Collectors.joining(", "));
    }

    private static double[] valuesOf(double[] values, int[] sets, int set) {
        int n = 0;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (sets[i] == set) {
                out[n++] = values[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static double populationStd(double[] values) {
        double mean = Arrays.stream(values).average().orElse(0.0);
        double squares = 0.0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    private static void checkLengths(double[] centredBonus, int[] sets) {
        if (centredBonus.length != sets.length) {
            throw new IllegalArgumentException(centredBonus.length + " bonuses but " + sets.length + " set ids");
        }
    }
}
