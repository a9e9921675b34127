package dev.progrs.scorer.coherence;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the step confidences p_1..p_T are cut into windows of W steps (docs/method.md §2,
 * configuration key {@value #CONFIG}).
 *
 * <p>Each window is returned as a half-open index range {@code [from, to)} into p (0-based).
 * In both modes a trajectory shorter than the window (T &lt; W) gives one window of all T
 * steps, and T = 0 gives no window.
 */
public enum Windowing {

    /**
     * Consecutive non-overlapping windows [0,W), [W,2W), ...; a trailing window shorter than W
     * is merged into the one before it, so there are n = ⌊T/W⌋ windows and the last one is
     * [(n−1)W, T), of length W..2W−1.
     */
    PARTITION("partition") {
        @Override
        public int[][] windows(int steps, int size) {
            checkArguments(steps, size);
            if (steps == 0) {
                return new int[0][];
            }
            if (steps < size) {
                return new int[][] {{0, steps}};
            }
            int count = steps / size;
            int[][] ranges = new int[count][];
            for (int j = 0; j < count; j++) {
                ranges[j] = new int[] {j * size, j == count - 1 ? steps : (j + 1) * size};
            }
            return ranges;
        }
    },

    /** Every run of W consecutive steps: [t, t+W) for t = 0..T−W, so T−W+1 overlapping windows. */
    SLIDING("sliding") {
        @Override
        public int[][] windows(int steps, int size) {
            checkArguments(steps, size);
            if (steps == 0) {
                return new int[0][];
            }
            if (steps < size) {
                return new int[][] {{0, steps}};
            }
            int[][] ranges = new int[steps - size + 1][];
            for (int t = 0; t + size <= steps; t++) {
                ranges[t] = new int[] {t, t + size};
            }
            return ranges;
        }
    };

    /** Configuration key that selects the windowing. */
    public static final String CONFIG = "windows";

    private final String configName;

    Windowing(String configName) {
        this.configName = configName;
    }

    /**
     * @param steps T, the number of step confidences (≥ 0)
     * @param size  W, the window size (≥ 1)
     * @return the windows as half-open ranges {@code {from, to}} in step order
     */
    public abstract int[][] windows(int steps, int size);

    /** @return the name used in configuration and on the wire ({@code ScoredTrajectory.windowing}) */
    public String configName() {
        return configName;
    }

    /**
     * @param value a configuration value such as {@code partition}
     * @return the windowing with that name
     * @throws InvalidSettingException naming the accepted values when there is none
     */
    public static Windowing fromConfig(String value) {
        for (Windowing w : values()) {
            if (w.configName.equals(value == null ? null : value.trim())) {
                return w;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are " + acceptedValues());
    }

    /** @return the accepted configuration names, comma separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(Windowing::configName).collect(Collectors.joining(", "));
    }

    private static void checkArguments(int steps, int size) {
        if (steps < 0) {
            throw new IllegalArgumentException("number of steps must be >= 0, got " + steps);
        }
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
    }
}
