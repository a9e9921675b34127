package dev.progrs.cli.options;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the training commands ({@code run}, {@code experiment}) where they differ from the
 * stages' defaults: the bonus weight and scale chosen by the experiment's pilot (λ = 0.4 with
 * {@code --bonus-scale std}, docs/experiment/pilot.md) and its learning rate 1e-4. Every other option keeps
 * the default written on it. {@code run} also trains on B = 8 groups per update (the stages: 16) and samples 4 prompts per batched decode (the generator: 1).
 */
public final class TrainingDefaults implements IDefaultValueProvider {

    private static final Map<String, String> DEFAULTS = Map.of("--lambda", "0.4", "--bonus-scale", "std", "--lr", "1e-4",
            "--batch-groups", "8", "--prompts-per-batch", "4");

    @Override
    public String defaultValue(ArgSpec argSpec) {
        return argSpec instanceof OptionSpec o ? DEFAULTS.get(o.longestName()) : null;
    }
}
