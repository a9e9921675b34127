package dev.progrs.cli.options;

import dev.progrs.centering.maths.BonusScale;
import dev.progrs.centering.maths.CenteringConfig;
import picocli.CommandLine.Option;

/**
 * The weight and size of the process bonus, {@code --lambda} and {@code --bonus-scale}, shared by every
 * command that centres. Defaults are the method's (λ = 0.1, raw); a command whose defaults differ says so
 * with {@link TrainingDefaults}.
 */
public final class BonusOptions {

    @Option(names = "--lambda", defaultValue = "0.1", description = "Process-bonus weight λ >= 0; 0 = outcome-only GRPO "
            + "(default: ${DEFAULT-VALUE}).")
    String lambda;

    @Option(names = "--bonus-scale", defaultValue = "raw", description = "raw | std: the centred bonus as is, or each centred set "
            + "divided by its own std so that --lambda alone sets its weight (default: ${DEFAULT-VALUE}).")
    String bonusScale;

    /** @throws dev.progrs.stage.settings.InvalidSettingException naming the value and what is accepted */
    public double lambda() {
        return CenteringConfig.parseLambda(lambda);
    }

    /** @throws dev.progrs.stage.settings.InvalidSettingException naming the value and the accepted scales */
    public BonusScale bonusScale() {
        return BonusScale.fromConfig(bonusScale);
    }
}
