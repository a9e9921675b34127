package dev.progrs.centering.group;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What each {@code SampleAdvantage} of the output carries (configuration key {@value #CONFIG}).
 * The learner needs the token arrays; a re-centering study that only compares advantages does not,
 * and without them the buffered samples and the output records are about 10× smaller.
 */
public enum OutputContent {

    /** Everything the learner trains on: prompt and response token ids and behaviour log-probs. */
    FULL("full"),
    /** Outcomes, scores and advantages only: the three token arrays are written empty. */
    SCORES_ONLY("scores-only");

    /** Configuration key. */
    public static final String CONFIG = "output";

    private final String configName;

    OutputContent(String configName) {
        this.configName = configName;
    }

    /** @return the configuration value naming this choice */
    public String configName() {
        return configName;
    }

    /** @return true when the token arrays are kept */
    public boolean keepsTokens() {
        return this == FULL;
    }

    /**
     * @param value {@code full} or {@code scores-only}
     * @throws InvalidSettingException naming the value and the accepted ones
     */
    public static OutputContent fromConfig(String value) {
        for (OutputContent c : values()) {
            if (c.configName.equals(value == null ? null : value.trim())) {
                return c;
            }
        }
        throw new InvalidSettingException(CONFIG, value, "values are "
                + Arrays.stream(values()).map(OutputContent::configName).collect(Collectors.joining(", ")));
    }
}
