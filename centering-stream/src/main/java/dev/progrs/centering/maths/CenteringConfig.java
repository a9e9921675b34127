package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Locale;
import java.util.Map;

/**
 * Validated configuration of outcome-conditioned centering and its mixing into GRPO
 * (docs/method.md §§3–4). Built once from settings, printed at start-up, carried on every output
 * record ({@code GroupAdvantages.centering}) so that replays can be compared.
 *
 * @param centering      {@value CenteringMode#CONFIG}: incorrect (default), both, group, none
 * @param mixing         {@value MixingMode#CONFIG}: advantage (default), reward
 * @param lambda         {@value #LAMBDA_CONFIG}: bonus weight λ ≥ 0, default 0.1; 0 = outcome-only GRPO
 * @param std            {@value StdMode#CONFIG}: unbiased (default), none
 * @param dominanceGuard {@value #DOMINANCE_GUARD_CONFIG}: on/off (default off)
 * @param bonusScale     {@value BonusScale#CONFIG}: raw (default), std — the size of b̃ before λ multiplies it
 */
public record CenteringConfig(CenteringMode centering, MixingMode mixing, double lambda, StdMode std,
                              boolean dominanceGuard, BonusScale bonusScale) {

    /** Key of λ. */
    public static final String LAMBDA_CONFIG = "lambda";
    /** Key of the dominance guard: {@code on}/{@code off} (also {@code true}/{@code false}). */
    public static final String DOMINANCE_GUARD_CONFIG = "dominance-guard";
    /** Default λ = 0.1. */
    public static final double DEFAULT_LAMBDA = 0.1;

    /** Validates every field. */
    public CenteringConfig {
        if (centering == null) {
            throw new InvalidSettingException(CenteringMode.CONFIG, null, "values are " + CenteringMode.acceptedValues());
        }
        if (mixing == null) {
            throw new InvalidSettingException(MixingMode.CONFIG, null, "values are " + MixingMode.acceptedValues());
        }
        if (std == null) {
            throw new InvalidSettingException(StdMode.CONFIG, null, "values are " + StdMode.acceptedValues());
        }
        if (!Double.isFinite(lambda) || lambda < 0) {
            throw new InvalidSettingException(LAMBDA_CONFIG, lambda, "a finite number >= 0 (0 = outcome-only GRPO)");
        }
        if (bonusScale == null) {
            throw new InvalidSettingException(BonusScale.CONFIG, null, "values are " + BonusScale.acceptedValues());
        }
    }

    /** The settings with the bonus as the centering computed it ({@link BonusScale#RAW}). */
    public CenteringConfig(CenteringMode centering, MixingMode mixing, double lambda, StdMode std, boolean dominanceGuard) {
        this(centering, mixing, lambda, std, dominanceGuard, BonusScale.RAW);
    }

    /** @return a copy with another bonus scale */
    public CenteringConfig withBonusScale(BonusScale scale) {
        return new CenteringConfig(centering, mixing, lambda, std, dominanceGuard, scale);
    }

    /** @return incorrect, advantage, λ = 0.1, unbiased, guard off, bonus raw (the PROGRS defaults) */
    public static CenteringConfig defaults() {
        return new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, DEFAULT_LAMBDA, StdMode.UNBIASED, false);
    }

    /** @return λ = 0 with unbiased std: plain GRPO, the outcome-only baseline */
    public static CenteringConfig outcomeOnly() {
        return new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 0.0, StdMode.UNBIASED, false);
    }

    /**
     * Builds a configuration from string settings; missing keys keep their defaults, other keys are
     * ignored (they belong to other components).
     *
     * @param settings keys {@value CenteringMode#CONFIG}, {@value MixingMode#CONFIG}, {@value #LAMBDA_CONFIG},
     *                 {@value StdMode#CONFIG}, {@value #DOMINANCE_GUARD_CONFIG}, {@value BonusScale#CONFIG}
     * @return the validated configuration
     * @throws InvalidSettingException naming the key, the value and what is accepted
     */
    public static CenteringConfig fromSettings(Map<String, String> settings) {
        CenteringConfig d = defaults();
        return new CenteringConfig(
                settings.containsKey(CenteringMode.CONFIG) ? CenteringMode.fromConfig(settings.get(CenteringMode.CONFIG)) : d.centering,
                settings.containsKey(MixingMode.CONFIG) ? MixingMode.fromConfig(settings.get(MixingMode.CONFIG)) : d.mixing,
                settings.containsKey(LAMBDA_CONFIG) ? parseLambda(settings.get(LAMBDA_CONFIG)) : d.lambda,
                settings.containsKey(StdMode.CONFIG) ? StdMode.fromConfig(settings.get(StdMode.CONFIG)) : d.std,
                settings.containsKey(DOMINANCE_GUARD_CONFIG) ? parseGuard(settings.get(DOMINANCE_GUARD_CONFIG)) : d.dominanceGuard,
                settings.containsKey(BonusScale.CONFIG) ? BonusScale.fromConfig(settings.get(BonusScale.CONFIG)) : d.bonusScale);
    }

    /**
     * @param value {@code on}, {@code off}, {@code true} or {@code false} (case-insensitive)
     * @return whether the guard is on
     * @throws InvalidSettingException for anything else
     */
    public static boolean parseGuard(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new InvalidSettingException(DOMINANCE_GUARD_CONFIG, value, "values are on, off");
        };
    }

    /**
     * @param value a finite number &gt;= 0
     * @return λ
     * @throws InvalidSettingException naming the value and what is accepted
     */
    public static double parseLambda(String value) {
        double lambda;
        try {
            lambda = Double.parseDouble(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidSettingException(LAMBDA_CONFIG, value, "a finite number >= 0 (0 = outcome-only GRPO)");
        }
        if (!Double.isFinite(lambda) || lambda < 0) {
            throw new InvalidSettingException(LAMBDA_CONFIG, value, "a finite number >= 0 (0 = outcome-only GRPO)");
        }
        return lambda;
    }

    /**
     * @return one line for start-up logs, e.g.
     *         {@code centering=incorrect mixing=advantage lambda=0.1 std=unbiased dominance-guard=off bonus-scale=raw}
     */
    public String describe() {
        return CenteringMode.CONFIG + "=" + centering.configName() + " " + MixingMode.CONFIG + "=" + mixing.configName()
                + " " + LAMBDA_CONFIG + "=" + lambda + " " + StdMode.CONFIG + "=" + std.configName() + " "
                + DOMINANCE_GUARD_CONFIG + "=" + (dominanceGuard ? "on" : "off") + " " + BonusScale.CONFIG + "="
                + bonusScale.configName();
    }
}
