package dev.progrs.cli.options;

import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.models.policy.SamplingConfig;
import picocli.CommandLine.Option;

/**
 * How the generators sample, shared by {@code generator} and {@code run}: K, prompts per batched decode,
 * temperature, nucleus mass and response length, applied to a {@link GeneratorConfig} through its
 * {@code with…} methods (which validate). Defaults are {@link GeneratorConfig#defaults}; {@code run}
 * samples 4 prompts together ({@link TrainingDefaults}).
 */
public final class GenerationOptions {

    private static final GeneratorConfig D = GeneratorConfig.defaults("default");

    @Option(names = "--group-size", description = "K: samples per prompt (default: ${DEFAULT-VALUE}).")
    int groupSize = D.groupSize();

    @Option(names = "--prompts-per-batch", description = "Prompts sampled together in one batched decode and one transaction "
            + "(default: ${DEFAULT-VALUE}).")
    int promptsPerBatch = D.promptsPerBatch();

    @Option(names = "--temperature", description = "Sampling temperature; the learner's ratio compares the policy at the same "
            + "temperature with the behaviour log-probs (default: ${DEFAULT-VALUE}).")
    float temperature = D.sampling().temperature();

    @Option(names = "--top-p", description = "Nucleus mass in (0, 1]; 1 = off (default: ${DEFAULT-VALUE}).")
    double topP = D.sampling().topP();

    @Option(names = "--max-new-tokens", description = "Longest response, EOS included (default: ${DEFAULT-VALUE}).")
    int maxNewTokens = D.sampling().maxNewTokens();

    /** The sampling temperature T. */
    public float temperature() {
        return temperature;
    }

    /**
     * {@code base} with these options and sampling seeded by {@code seed}.
     *
     * @throws IllegalArgumentException naming the first bad option, its value and what is accepted
     */
    public GeneratorConfig applyTo(GeneratorConfig base, long seed) {
        return base.withGroupSize(groupSize).withPromptsPerBatch(promptsPerBatch)
                .withSampling(SamplingConfig.sample(temperature, topP, maxNewTokens, seed));
    }
}
