package dev.progrs.models.prm;

import dev.progrs.models.transformer.TransformerConfig;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Shape of a process reward model: the causal transformer it reads with and the quantile levels
 * τ_1 &lt; … &lt; τ_K it predicts (docs/method.md §1).
 *
 * @param architecture   transformer hyper-parameters; must be causal (a prefix's score may not see later steps)
 * @param quantileLevels τ, strictly ascending, each in (0, 1); key {@value #QUANTILES_CONFIG}, default 0.1, 0.5, 0.9
 * @param tokenSurprise  the head also reads how surprised the encoder's own next-token readout is by the step's
 *                       tokens ({@link PrmNetwork}, "token surprise"); false for the checkpoints made before it
 */
public record PrmConfig(TransformerConfig architecture, List<Double> quantileLevels, boolean tokenSurprise) {

    /** A PRM whose head reads the boundary's hidden state only (every checkpoint before token surprise). */
    public PrmConfig(TransformerConfig architecture, List<Double> quantileLevels) {
        this(architecture, quantileLevels, false);
    }

    /** Configuration key of the quantile levels: a comma-separated ascending list. */
    public static final String QUANTILES_CONFIG = "prm.quantile-levels";
    /** Default levels 0.1, 0.5, 0.9. */
    public static final List<Double> DEFAULT_LEVELS = List.of(0.1, 0.5, 0.9);

    public PrmConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("PRM key 'architecture' is missing; accepted: a causal transformer configuration");
        }
        if (!architecture.causal()) {
            throw new IllegalArgumentException("PRM key 'architecture.causal' = false; accepted: true (one forward pass scores "
                    + "every prefix only under causal attention)");
        }
        checkLevels(quantileLevels, quantileLevels == null ? null : levelsText(quantileLevels));
        quantileLevels = List.copyOf(quantileLevels);
    }

    /** The policy-sized default (d 64, 2 layers, context 192) with levels 0.1, 0.5, 0.9. */
    public static PrmConfig defaults(int vocabSize) {
        return new PrmConfig(TransformerConfig.policyDefault(vocabSize), DEFAULT_LEVELS);
    }

    /** A copy with other levels. */
    public PrmConfig withQuantileLevels(List<Double> levels) {
        return new PrmConfig(architecture, levels, tokenSurprise);
    }

    /** A copy whose head does or does not read token surprise. */
    public PrmConfig withTokenSurprise(boolean on) {
        return new PrmConfig(architecture, quantileLevels, on);
    }

    /** K, the number of levels. */
    public int levelCount() {
        return quantileLevels.size();
    }

    /** τ as a primitive array. */
    public double[] levels() {
        return quantileLevels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Parses {@code "0.1,0.5,0.9"}.
     *
     * @throws IllegalArgumentException naming {@value #QUANTILES_CONFIG}, the value and what is accepted
     */
    public static List<Double> parseLevels(String value) {
        String accepted = "a comma-separated strictly ascending list of levels in (0, 1), e.g. 0.1,0.5,0.9";
        if (value == null || value.isBlank()) {
            throw bad(QUANTILES_CONFIG, value, accepted);
        }
        List<Double> levels;
        try {
            levels = Arrays.stream(value.split(",")).map(String::trim).map(Double::valueOf).toList();
        } catch (NumberFormatException e) {
            throw bad(QUANTILES_CONFIG, value, accepted);
        }
        checkLevels(levels, value);
        return levels;
    }

    /** {@code 0.1,0.5,0.9}. */
    public String levelsText() {
        return levelsText(quantileLevels);
    }

    private static String levelsText(List<Double> levels) {
        return levels.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @param shown the levels as the user wrote them, for the error */
    private static void checkLevels(List<Double> levels, String shown) {
        String accepted = "a non-empty strictly ascending list of levels in (0, 1), e.g. 0.1,0.5,0.9";
        if (levels == null || levels.isEmpty()) {
            throw bad(QUANTILES_CONFIG, shown, accepted);
        }
        double previous = 0;
        for (Double tau : levels) {
            if (tau == null || !(tau > previous && tau < 1)) {
                throw bad(QUANTILES_CONFIG, shown, accepted + " (" + tau + " is out of order or outside (0, 1))");
            }
            previous = tau;
        }
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
