package dev.progrs.cli.options;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.centering.maths.MixingMode;
import dev.progrs.centering.maths.StdMode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The centering settings ({@code --centering --mixing --std --dominance-guard} and the {@link BonusOptions}),
 * shared by {@code run}, {@code centering}, {@code center} and {@code replay}, turned into one
 * {@link CenteringConfig} by the parsers of its own types.
 */
public final class CenteringOptions {

    @Option(names = "--centering", defaultValue = "incorrect", description = "incorrect | both | group | none: which process "
            + "scores are centred to zero mean in a group (default: ${DEFAULT-VALUE}).")
    String centering;

    @Option(names = "--mixing", defaultValue = "advantage", description = "advantage | reward: the bonus is added to the GRPO "
            + "advantage, or to the reward before it (default: ${DEFAULT-VALUE}).")
    String mixing;

    @Option(names = "--std", defaultValue = "unbiased", description = "unbiased | none: how the outcome advantage is scaled "
            + "(default: ${DEFAULT-VALUE}).")
    String std;

    @Option(names = "--dominance-guard", defaultValue = "off", description = "on | off: scale the bonus down per group until every "
            + "correct sample outranks every incorrect one (default: ${DEFAULT-VALUE}).")
    String dominanceGuard;

    @Mixin
    BonusOptions bonus;

    /** @throws dev.progrs.stage.settings.InvalidSettingException naming the first bad option, its value and what is accepted */
    public CenteringConfig config() {
        return new CenteringConfig(CenteringMode.fromConfig(centering), MixingMode.fromConfig(mixing), bonus.lambda(),
                StdMode.fromConfig(std), CenteringConfig.parseGuard(dominanceGuard), bonus.bonusScale());
    }
}
