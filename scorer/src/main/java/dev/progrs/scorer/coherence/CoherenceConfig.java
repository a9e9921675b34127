package dev.progrs.scorer.coherence;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated configuration of the multi-scale coherence evaluator (docs/method.md §2).
 *
 * @param windowSizes  𝒲, the window sizes W in steps (key {@value #WINDOW_SIZES_CONFIG}, default 2,4,8);
 *                     non-empty, each ≥ 1, no repeats, kept in the given order
 * @param lambdaVar    λ_var ≥ 0, weight of the volatility penalty (key {@value #LAMBDA_VAR_CONFIG}, default 1.0)
 * @param windowing    partitions or sliding windows (key {@value Windowing#CONFIG}, default partition)
 * @param processScore how b is made (key {@value ProcessScoreMode#CONFIG}, default coherence)
 */
public record CoherenceConfig(List<Integer> windowSizes, double lambdaVar, Windowing windowing,
                              ProcessScoreMode processScore) {

    /** Key of the window sizes 𝒲: a comma-separated list of positive integers. */
    public static final String WINDOW_SIZES_CONFIG = "window-sizes";
    /** Key of λ_var: a finite number ≥ 0. */
    public static final String LAMBDA_VAR_CONFIG = "lambda-var";

    /** Default 𝒲 = {2, 4, 8}. */
    public static final List<Integer> DEFAULT_WINDOW_SIZES = List.of(2, 4, 8);
    /** Default λ_var = 1.0. */
    public static final double DEFAULT_LAMBDA_VAR = 1.0;

    /** Validates every field; see the record components for the rules. */
    public CoherenceConfig {
        if (windowSizes == null || windowSizes.isEmpty()) {
            throw new InvalidSettingException(WINDOW_SIZES_CONFIG, windowSizes == null ? "" : windowSizes,
                    "a non-empty comma-separated list of positive window sizes, e.g. 2,4,8");
        }
        for (Integer w : windowSizes) {
            if (w == null || w < 1) {
                throw new InvalidSettingException(WINDOW_SIZES_CONFIG, windowSizes,
                        "window sizes >= 1 only, got " + w);
            }
        }
        if (windowSizes.stream().distinct().count() != windowSizes.size()) {
            throw new InvalidSettingException(WINDOW_SIZES_CONFIG, windowSizes, "window sizes without repeats");
        }
        if (!Double.isFinite(lambdaVar) || lambdaVar < 0) {
            throw new InvalidSettingException(LAMBDA_VAR_CONFIG, lambdaVar, "a finite number >= 0");
        }
        if (windowing == null) {
            throw new InvalidSettingException(Windowing.CONFIG, null, "values are " + Windowing.acceptedValues());
        }
        if (processScore == null) {
            throw new InvalidSettingException(ProcessScoreMode.CONFIG, null,
                    "values are " + ProcessScoreMode.acceptedValues());
        }
        windowSizes = List.copyOf(windowSizes);
    }

    /** @return 𝒲 = {2,4,8}, λ_var = 1, partitions, coherence */
    public static CoherenceConfig defaults() {
        return new CoherenceConfig(DEFAULT_WINDOW_SIZES, DEFAULT_LAMBDA_VAR, Windowing.PARTITION,
                ProcessScoreMode.COHERENCE);
    }

    /**
     * Builds a configuration from string settings (CLI flags, a properties file, environment);
     * keys not given keep their defaults, unknown keys are ignored (they belong to other components).
     *
     * @param settings key → value, keys {@value #WINDOW_SIZES_CONFIG}, {@value #LAMBDA_VAR_CONFIG},
     *                 {@value Windowing#CONFIG}, {@value ProcessScoreMode#CONFIG}
     * @return the validated configuration
     * @throws InvalidSettingException naming the key, the value and what is accepted
     */
    public static CoherenceConfig fromSettings(Map<String, String> settings) {
        CoherenceConfig d = defaults();
        List<Integer> sizes = settings.containsKey(WINDOW_SIZES_CONFIG)
                ? parseWindowSizes(settings.get(WINDOW_SIZES_CONFIG)) : d.windowSizes();
        double lambda = settings.containsKey(LAMBDA_VAR_CONFIG)
                ? parseDouble(LAMBDA_VAR_CONFIG, settings.get(LAMBDA_VAR_CONFIG)) : d.lambdaVar();
        Windowing windowing = settings.containsKey(Windowing.CONFIG)
                ? Windowing.fromConfig(settings.get(Windowing.CONFIG)) : d.windowing();
        ProcessScoreMode mode = settings.containsKey(ProcessScoreMode.CONFIG)
                ? ProcessScoreMode.fromConfig(settings.get(ProcessScoreMode.CONFIG)) : d.processScore();
        return new CoherenceConfig(sizes, lambda, windowing, mode);
    }

    /**
     * @param value e.g. {@code "2,4,8"}
     * @return the sizes in the given order
     * @throws InvalidSettingException for an empty list or a token that is not an integer
     */
    public static List<Integer> parseWindowSizes(String value) {
        String accepted = "a non-empty comma-separated list of positive window sizes, e.g. 2,4,8";
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(WINDOW_SIZES_CONFIG, value == null ? "" : value, accepted);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String token : value.split(",")) {
            try {
                sizes.add(Integer.parseInt(token.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(WINDOW_SIZES_CONFIG, value, accepted);
            }
        }
        return sizes;
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(key, value, "a finite number >= 0");
        }
    }

    /** @return one line for start-up logs, e.g. {@code windows=partition window-sizes=2,4,8 ...} */
    public String describe() {
        return Windowing.CONFIG + "=" + windowing.configName() + " " + WINDOW_SIZES_CONFIG + "="
                + windowSizes.stream().map(String::valueOf).collect(Collectors.joining(",")) + " "
                + LAMBDA_VAR_CONFIG + "=" + lambdaVar + " " + ProcessScoreMode.CONFIG + "=" + processScore.configName();
    }
}
