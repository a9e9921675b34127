package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.PrmConfig;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code progrs train-prm} needs. Validated on construction; errors name the key, the
 * value and what is accepted.
 *
 * @param policyDir       warm policy checkpoint (key {@code policy})
 * @param out             where the PRM checkpoint goes (key {@code out})
 * @param problems        train problems with one rollout each (key {@code problems}, ≥ 10)
 * @param problemOffset   index of the first train problem of the suite (key {@code problem-offset}, ≥ 0)
 * @param continuations   M continuations per non-final prefix (key {@code continuations}, ≥ 1)
 * @param labelFraction   share of training prefixes that keep their label (key {@code label-fraction}, (0, 1]);
 *                        lower it to train a deliberately weaker PRM
 * @param heldOutFraction share of rollouts kept out of training for the report (key {@code held-out}, (0, 0.9])
 * @param seed            seeds sampling, splitting, label dropping, dithering and initialisation (key {@code seed})
 * @param epochs          passes over the training prefixes; 0 = until {@code minutes} (key {@code epochs}, ≥ 0)
 * @param minutes         wall-clock limit of the training phase (key {@code minutes}, &gt; 0)
 * @param batchSize       rollouts per optimiser step (key {@code batch-size}, ≥ 1)
 * @param learningRate    Adam step (key {@code learning-rate}, &gt; 0)
 * @param temperature     sampling temperature of rollouts and continuations (key {@code temperature}, &gt; 0)
 * @param maxNewTokens    token limit of a rollout or continuation (key {@code max-new-tokens}, ≥ 1)
 * @param rolloutBatch    sequences decoded per forward pass while labelling (key {@code rollout-batch}, ≥ 1)
 * @param quantileLevels  τ (key {@value PrmConfig#QUANTILES_CONFIG})
 * @param initFromPolicy  start the PRM encoder from the policy's weights (key {@code init-from-policy})
 * @param dither          dither labels within their 1/(M+1) bin (key {@code dither}); see {@link LabelDither}
 * @param validationFraction share of training rollouts held back to pick the best epoch (key {@code validation}, [0, 0.5]);
 *                        0 disables early stopping
 * @param patience        evaluations without improvement before training stops (key {@code patience}, ≥ 1)
 * @param labelsFile      if non-null: labels are read from it when it exists, else sampled and written to it (key {@code labels})
 * @param synthetic       extra complete solutions of other train problems (half reference, half flawed), only their
 *                        final step labelled, with its exact label y_T = R (key {@code synthetic}, ≥ 0)
 * @param commandLine     the command as typed, recorded in the manifest
 * @param minSteps        fewest steps of a labelled rollout's problem (key {@code steps}); 0 with maxSteps 0: the suite's range
 * @param maxSteps        most steps of a labelled rollout's problem; label the RL range, where the PRM is used
 * @param samplesPerProblem rollouts sampled per problem (key {@code samples-per-problem}, ≥ 1): several rollouts of one
 *                        prompt give the PRM what GRPO compares — samples of the same prompt that go wrong at different steps
 * @param flawKinds       the kinds of flawed synthetic solutions, drawn uniformly (key {@code flaws}, at least one)
 * @param prmLayers       transformer layers of the PRM (key {@code layers}); 0 = the policy's. More than the policy's:
 *                        the first take the policy's weights, the extra ones start switched off
 *                        ({@code PrmModel#initialiseEncoderFrom})
 * @param validateSynthetic early stopping also on held-back synthetic examples, in the validation share (key
 *                        {@code validate-synthetic}); off, it watches the Monte-Carlo-labelled rollouts only
 * @param tokenSurprise   the PRM head also reads the encoder's next-token surprise over each step (key
 *                        {@code token-surprise}; {@code PrmNetwork})
 * @param recalibrate     after training, shift each level in logit space so that its coverage on the Monte-Carlo-labelled
 *                        validation rollouts is τ (key {@code recalibrate}; {@code QuantileRecalibration})
 */
public record TrainPrmConfig(Path policyDir, Path out, int problems, long problemOffset, int continuations,
                             double labelFraction, double heldOutFraction, long seed, int epochs, double minutes,
                             int batchSize, float learningRate, float temperature, int maxNewTokens, int rolloutBatch,
                             List<Double> quantileLevels, boolean initFromPolicy, boolean dither, double validationFraction,
                             int patience, Path labelsFile, int synthetic, String commandLine, int minSteps, int maxSteps,
                             int samplesPerProblem, List<FlawedSolutions.Kind> flawKinds, int prmLayers,
                             boolean validateSynthetic, boolean tokenSurprise, boolean recalibrate) {

    /**
     * The shipped PRM's recipe, the defaults of {@code progrs train-prm}: 600 train problems from index 5,000,000,
     * 4 rollouts each on the RL range 6..8, M = 8 continuations, quantiles 0.1/0.5/0.9, 3,000 synthetic complete
     * solutions of every flaw kind, at most 6 minutes of training with early stopping on 15% of the rollouts.
     */
    public static TrainPrmConfig defaults(Path policyDir, Path out) {
        return new TrainPrmConfig(policyDir, out, 600, 5_000_000L, 8, 1.0, 0.2, 1L, 0, 6.0, 16, 3e-4f, 1.0f, 112, 128,
                List.of(0.1, 0.5, 0.9), true, true, 0.15, 10, null, 3000, "progrs train-prm --policy " + policyDir + " --out " + out,
                6, 8, 4, List.of(FlawedSolutions.Kind.values()), 0, true, true, true);
    }

    /** A copy recording another command line in the manifest. */
    public TrainPrmConfig withCommandLine(String command) {
        return new TrainPrmConfig(policyDir, out, problems, problemOffset, continuations, labelFraction, heldOutFraction, seed, epochs,
                minutes, batchSize, learningRate, temperature, maxNewTokens, rolloutBatch, quantileLevels, initFromPolicy, dither,
                validationFraction, patience, labelsFile, synthetic, command, minSteps, maxSteps, samplesPerProblem, flawKinds, prmLayers, validateSynthetic, tokenSurprise, recalibrate);
    }

    /** Settings whose rollouts take the suite's own step range. */
    public TrainPrmConfig(Path policyDir, Path out, int problems, long problemOffset, int continuations,
                          double labelFraction, double heldOutFraction, long seed, int epochs, double minutes,
                          int batchSize, float learningRate, float temperature, int maxNewTokens, int rolloutBatch,
                          List<Double> quantileLevels, boolean initFromPolicy, boolean dither, double validationFraction,
                          int patience, Path labelsFile, int synthetic, String commandLine) {
        this(policyDir, out, problems, problemOffset, continuations, labelFraction, heldOutFraction, seed, epochs, minutes,
                batchSize, learningRate, temperature, maxNewTokens, rolloutBatch, quantileLevels, initFromPolicy, dither,
                validationFraction, patience, labelsFile, synthetic, commandLine, 0, 0, 1, List.of(FlawedSolutions.Kind.values()), 0, true, true, true);
    }

    public TrainPrmConfig {
        InvalidSettingException.require(policyDir != null, "policy", policyDir, "a checkpoint directory");
        InvalidSettingException.require(out != null, "out", out, "a directory path");
        InvalidSettingException.require(problems >= 10, "problems", problems, "an integer >= 10");
        InvalidSettingException.require(problemOffset >= 0, "problem-offset", problemOffset, "an integer >= 0");
        InvalidSettingException.require(continuations >= 1, "continuations", continuations, "an integer >= 1");
        InvalidSettingException.require(labelFraction > 0 && labelFraction <= 1, "label-fraction", labelFraction, "a number in (0, 1]");
        InvalidSettingException.require(heldOutFraction > 0 && heldOutFraction <= 0.9, "held-out", heldOutFraction, "a number in (0, 0.9]");
        InvalidSettingException.require(epochs >= 0, "epochs", epochs, "an integer >= 0 (0: until --minutes)");
        InvalidSettingException.require(minutes > 0 && Double.isFinite(minutes), "minutes", minutes, "a number > 0");
        InvalidSettingException.require(batchSize >= 1, "batch-size", batchSize, "an integer >= 1");
        InvalidSettingException.require(learningRate > 0 && Float.isFinite(learningRate), "learning-rate", learningRate, "a number > 0");
        InvalidSettingException.require(temperature > 0 && Float.isFinite(temperature), "temperature", temperature, "a number > 0");
        InvalidSettingException.require(maxNewTokens >= 1, "max-new-tokens", maxNewTokens, "an integer >= 1");
        InvalidSettingException.require(rolloutBatch >= 1, "rollout-batch", rolloutBatch, "an integer >= 1");
        InvalidSettingException.require(validationFraction >= 0 && validationFraction <= 0.5, "validation", validationFraction,
                "a number in [0, 0.5]");
        InvalidSettingException.require(patience >= 1, "patience", patience, "an integer >= 1");
        InvalidSettingException.require(synthetic >= 0, "synthetic", synthetic, "an integer >= 0");
        InvalidSettingException.require(samplesPerProblem >= 1, "samples-per-problem", samplesPerProblem, "an integer >= 1");
        InvalidSettingException.require((minSteps == 0 && maxSteps == 0) || (minSteps >= 1 && minSteps <= maxSteps), "steps",
                minSteps + ".." + maxSteps, "MIN..MAX with 1 <= MIN <= MAX (or 0..0: the suite's range)");
        InvalidSettingException.require(flawKinds != null && !flawKinds.isEmpty(), "flaws", flawKinds,
                "one or more of " + java.util.Arrays.toString(FlawedSolutions.Kind.values()));
        InvalidSettingException.require(prmLayers >= 0 && prmLayers <= 16, "layers", prmLayers,
                "an integer in 0..16 (0: the policy's number of layers)");
        quantileLevels = List.copyOf(quantileLevels);
        flawKinds = List.copyOf(flawKinds);
        commandLine = commandLine == null ? "" : commandLine;
    }

    /** Key → value, for start-up logs and the manifest. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("policy", policyDir.toString());
        m.put("problems", Integer.toString(problems));
        m.put("steps", minSteps == 0 ? "suite" : minSteps + ".." + maxSteps);
        m.put("samples-per-problem", Integer.toString(samplesPerProblem));
        m.put("problem-offset", Long.toString(problemOffset));
        m.put("continuations", Integer.toString(continuations));
        m.put("label-fraction", Double.toString(labelFraction));
        m.put("held-out", Double.toString(heldOutFraction));
        m.put("seed", Long.toString(seed));
        m.put("epochs", Integer.toString(epochs));
        m.put("minutes", Double.toString(minutes));
        m.put("batch-size", Integer.toString(batchSize));
        m.put("learning-rate", Float.toString(learningRate));
        m.put("temperature", Float.toString(temperature));
        m.put("max-new-tokens", Integer.toString(maxNewTokens));
        m.put("rollout-batch", Integer.toString(rolloutBatch));
        m.put("init-from-policy", Boolean.toString(initFromPolicy));
        m.put("dither", Boolean.toString(dither));
        m.put("validation", Double.toString(validationFraction));
        m.put("patience", Integer.toString(patience));
        m.put("labels", String.valueOf(labelsFile));
        m.put("synthetic", Integer.toString(synthetic));
        m.put("flaws", flawKinds.toString());
        m.put("layers", prmLayers == 0 ? "policy" : Integer.toString(prmLayers));
        m.put("validate-synthetic", Boolean.toString(validateSynthetic));
        m.put("token-surprise", Boolean.toString(tokenSurprise));
        m.put("recalibrate", Boolean.toString(recalibrate));
        return m;
    }
}
