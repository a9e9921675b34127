package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Outcome-conditioned centering of process scores inside one prompt group (docs/method.md §3,
 * configuration key {@value #CONFIG}). With I = {i : R_i = 0} and C = {i : R_i = 1}, each mode maps
 * the process scores b to centred bonuses b̃. Centering subtracts a constant inside a set, so the
 * order of b inside each outcome set is never changed.
 */
public enum CenteringMode {

    /**
     * PROGRS default: i ∈ I: b̃_i = b_i − mean_{j∈I} b_j ; i ∈ C: b̃_i = b_i. Incorrect samples can
     * only be told apart from each other, never rewarded as a set; a single incorrect sample gets 0.
     */
    INCORRECT("incorrect") {
        @Override
        public double[] centre(double[] outcomes, double[] processScores) {
            boolean[] correct = checked(outcomes, processScores);
            double meanIncorrect = OutcomeSets.mean(processScores, correct, false);
            double[] centred = new double[processScores.length];
            for (int i = 0; i < centred.length; i++) {
                centred[i] = correct[i] ? processScores[i] : processScores[i] - meanIncorrect;
            }
            return centred;
        }

        @Override
        public int[] centredSets(double[] outcomes) {
            boolean[] correct = OutcomeSets.correct(outcomes);
            int[] sets = new int[correct.length];
            for (int i = 0; i < sets.length; i++) {
                sets[i] = correct[i] ? NOT_CENTRED : INCORRECT_SET;
            }
            return sets;
        }
    },

    /** Each outcome set centred on its own mean: b̃_i = b_i − mean_{j∈S(i)} b_j, S(i) the set of i. */
    BOTH("both") {
        @Override
        public double[] centre(double[] outcomes, double[] processScores) {
            boolean[] correct = checked(outcomes, processScores);
            double meanCorrect = OutcomeSets.mean(processScores, correct, true);
            double meanIncorrect = OutcomeSets.mean(processScores, correct, false);
            double[] centred = new double[processScores.length];
            for (int i = 0; i < centred.length; i++) {
                centred[i] = processScores[i] - (correct[i] ? meanCorrect : meanIncorrect);
            }
            return centred;
        }

        @Override
        public int[] centredSets(double[] outcomes) {
            boolean[] correct = OutcomeSets.correct(outcomes);
            int[] sets = new int[correct.length];
            for (int i = 0; i < sets.length; i++) {
                sets[i] = correct[i] ? CORRECT_SET : INCORRECT_SET;
            }
            return sets;
        }
    },

    /** Ablation that ignores outcomes: b̃_i = b_i − (1/K) Σ_j b_j. */
    GROUP("group") {
        @Override
        public double[] centre(double[] outcomes, double[] processScores) {
            checked(outcomes, processScores);
            double mean = Arrays.stream(processScores).average().orElse(0.0);
            double[] centred = new double[processScores.length];
            for (int i = 0; i < centred.length; i++) {
                centred[i] = processScores[i] - mean;
            }
            return centred;
        }

        @Override
        public int[] centredSets(double[] outcomes) {
            OutcomeSets.correct(outcomes);
            int[] sets = new int[outcomes.length];
            Arrays.fill(sets, WHOLE_GROUP);
            return sets;
        }
    },

    /** Absolute process reward, b̃_i = b_i: the baseline that invites reward hacking. */
    NONE("none") {
        @Override
        public double[] centre(double[] outcomes, double[] processScores) {
            checked(outcomes, processScores);
            return processScores.clone();
        }

        @Override
        public int[] centredSets(double[] outcomes) {
            OutcomeSets.correct(outcomes);
            int[] sets = new int[outcomes.length];
            Arrays.fill(sets, NOT_CENTRED);
            return sets;
        }
    };

    /** Configuration key that selects the centering mode. */
    public static final String CONFIG = "centering";
    /** {@link #centredSets} of a sample whose score is passed through uncentred. */
    public static final int NOT_CENTRED = -1;
    /** {@link #centredSets} id of the incorrect set I ({@code incorrect}, {@code both}). */
    public static final int INCORRECT_SET = 0;
    /** {@link #centredSets} id of the correct set C ({@code both}). */
    public static final int CORRECT_SET = 1;
    /** {@link #centredSets} id of the whole group ({@code group}). */
    public static final int WHOLE_GROUP = 2;

    private final String configName;

    CenteringMode(String configName) {
        this.configName = configName;
    }

    /**
     * @param outcomes      R_1..R_K, each 0 or 1
     * @param processScores b_1..b_K
     * @return b̃_1..b̃_K (a new array)
     * @throws IllegalArgumentException if the lengths differ or an outcome is not 0/1
     */
    public abstract double[] centre(double[] outcomes, double[] processScores);

    /**
     * The set each sample is centred in: samples with the same id ≥ 0 had one mean subtracted,
     * {@link #NOT_CENTRED} marks a score passed through as it was. incorrect: I → {@value #INCORRECT_SET},
     * C → not centred; both: I → {@value #INCORRECT_SET}, C → {@value #CORRECT_SET}; group: every sample
     * → {@value #WHOLE_GROUP}; none: every sample not centred. {@link BonusScale#STD} divides
     * each set by its own spread.
     *
     * @param outcomes R_1..R_K, each 0 or 1
     * @return one set id per sample (a new array)
     * @throws IllegalArgumentException if an outcome is not 0/1
     */
    public abstract int[] centredSets(double[] outcomes);

    /** @return the name used in configuration and on the wire ({@code CenteringSettings.mode}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value e.g. {@code incorrect}
     * @return the mode with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static CenteringMode fromConfig(String value) {
        for (CenteringMode m : values()) {
            if (m.configName.equals(value == null ? null : value.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(CenteringMode::configName).collect(Collectors.joining(", "));
    }

    private static boolean[] checked(double[] outcomes, double[] processScores) {
        if (outcomes.length != processScores.length) {
            throw new IllegalArgumentException(outcomes.length + " outcomes but " + processScores.length + " process scores");
        }
        return OutcomeSets.correct(outcomes);
    }
}
