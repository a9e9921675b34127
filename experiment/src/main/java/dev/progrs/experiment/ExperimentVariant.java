package dev.progrs.experiment;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.centering.maths.MixingMode;
import dev.progrs.centering.maths.StdMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One arm of the comparison of docs/method.md §7. Every RL arm shares the warm policy, prompts, rollout
 * budget and GRPO settings and differs only in how the advantage is formed; the supervised arm is the
 * continued-training control.
 */
public enum ExperimentVariant {
    /** Plain GRPO: λ = 0, the baseline. */
    OUTCOME_ONLY("outcome-only", "outcome-only GRPO (λ = 0)"),
    /** Absolute PRM bonus: no centering. */
    NONE("none", "absolute PRM bonus (centering none)"),
    /** PROGRS: incorrect samples' scores centred within the group. */
    PROGRS("incorrect", "PROGRS (centering incorrect)"),
    /** Ablation: centred separately within correct and incorrect samples. */
    BOTH("both", "ablation: centering both"),
    /** Ablation: centred over the whole group. */
    GROUP("group", "ablation: centering group"),
    /** Ablation: PROGRS centering, bonus added to the reward before normalisation. */
    MIXING_REWARD("mixing-reward", "ablation: incorrect + mixing reward"),
    /** Control: continued supervised training on reference solutions with the same compute. */
    SFT("sft", "control: continued supervised training (a ceiling: it uses reference solutions)");

    private final String configName;
    private final String description;

    ExperimentVariant(String configName, String description) {
        this.configName = configName;
        this.description = description;
    }

    public String configName() {
        return configName;
    }

    public String description() {
        return description;
    }

    /** True when the result depends on which PRM scores the samples. */
    public boolean usesPrm() {
        return this != OUTCOME_ONLY && this != SFT;
    }

    public boolean supervised() {
        return this == SFT;
    }

    /** What an arm of this variant is in the comparison. */
    public enum Role {
        /** compared with outcome-only GRPO with every seed */
        MAIN,
        /** a variation of PROGRS's choices, with fewer seeds */
        ABLATION,
        /** the supervised ceiling, which uses reference solutions */
        CONTROL
    }

    public Role role() {
        return switch (this) {
            case BOTH, GROUP, MIXING_REWARD -> Role.ABLATION;
            case SFT -> Role.CONTROL;
            default -> Role.MAIN;
        };
    }

    /**
     * @param lambda the bonus weight of the PRM arms
     * @return the centering configuration of an RL arm
     * @throws IllegalStateException for the supervised control, which forms no advantages
     */
    public CenteringConfig centering(double lambda) {
        return switch (this) {
            case OUTCOME_ONLY -> CenteringConfig.outcomeOnly();
            case NONE -> config(CenteringMode.NONE, MixingMode.ADVANTAGE, lambda);
            case PROGRS -> config(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, lambda);
            case BOTH -> config(CenteringMode.BOTH, MixingMode.ADVANTAGE, lambda);
            case GROUP -> config(CenteringMode.GROUP, MixingMode.ADVANTAGE, lambda);
            case MIXING_REWARD -> config(CenteringMode.INCORRECT, MixingMode.REWARD, lambda);
            case SFT -> throw new IllegalStateException("the supervised control forms no advantages");
        };
    }

    private static CenteringConfig config(CenteringMode mode, MixingMode mixing, double lambda) {
        return new CenteringConfig(mode, mixing, lambda, StdMode.UNBIASED, false);
    }

    /**
     * @param name a config name, e.g. {@code incorrect}
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ExperimentVariant fromConfig(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ExperimentVariant v : values()) {
            if (v.configName.equals(n)) {
                return v;
            }
        }
        throw new IllegalArgumentException("experiment variant '" + name + "' is unknown; accepted: " + acceptedValues());
    }

    public static String acceptedValues() {
        return Arrays.stream(values()).map(ExperimentVariant::configName).collect(Collectors.joining(", "));
    }
}
