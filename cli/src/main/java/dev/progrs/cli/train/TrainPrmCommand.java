package dev.progrs.cli.train;

import dev.progrs.tasks.arithmetic.StepRange;
import dev.progrs.models.prm.PrmConfig;
import dev.progrs.scorer.prmtrain.TrainPrmConfig;
import dev.progrs.scorer.prmtrain.TrainPrmReport;
import dev.progrs.scorer.prmtrain.TrainPrmRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code progrs train-prm}: Monte-Carlo labels from the warm policy, pinball-loss PRM training, frozen checkpoint. */
@Command(name = "train-prm", mixinStandardHelpOptions = true,
        description = "Train the frozen quantile-regression PRM (docs/method.md §1): sample one warm-policy rollout per train "
                + "problem, label every step prefix with the share of M continuations that end correct, train with the "
                + "pinball loss, report held-out coverage per quantile, pinball loss and AUROC, and write a checkpoint "
                + "with its sha256, a calibration plot and a README line.")
public final class TrainPrmCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", defaultValue = "models/warm/policy-v1", description = "Warm policy checkpoint directory (default: ${DEFAULT-VALUE}).")
    Path policy;

    @Option(names = "--out", defaultValue = "models/warm/prm-v1", description = "PRM checkpoint directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--problems", defaultValue = "600", description = "Train problems, one rollout each (default: ${DEFAULT-VALUE}).")
    int problems;

    @Option(names = "--problem-offset", defaultValue = "5000000", description = "Index of the first train problem (default: ${DEFAULT-VALUE}).")
    long problemOffset;

    @Option(names = "--continuations", defaultValue = "8", description = "M continuations per step prefix (default: ${DEFAULT-VALUE}).")
    int continuations;

    @Option(names = "--label-fraction", defaultValue = "1.0", description = "Share of training prefixes that keep their label, in (0,1]; lower trains a weaker PRM (default: ${DEFAULT-VALUE}).")
    double labelFraction;

    @Option(names = "--held-out", defaultValue = "0.2", description = "Share of rollouts held out for the report (default: ${DEFAULT-VALUE}).")
    double heldOut;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of sampling, split, label dropping and initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "0", description = "Passes over the training prefixes; 0 = until --minutes (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--minutes", defaultValue = "6", description = "Wall-clock limit of training (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--batch-size", defaultValue = "16", description = "Rollouts per optimiser step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "3e-4", description = "Adam step size (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--temperature", defaultValue = "1.0", description = "Sampling temperature of rollouts and continuations (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--max-new-tokens", defaultValue = "112", description = "Token limit of a rollout or continuation (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--rollout-batch", defaultValue = "128", description = "Sequences decoded per forward pass while labelling (default: ${DEFAULT-VALUE}).")
    int rolloutBatch;

    @Option(names = "--quantiles", defaultValue = "0.1,0.5,0.9", description = "Quantile levels tau, ascending (default: ${DEFAULT-VALUE}).")
    String quantiles;

    @Option(names = "--init-from-policy", defaultValue = "true", negatable = true, description = "Start the PRM encoder from the policy's weights (default: ${DEFAULT-VALUE}).")
    boolean initFromPolicy;

    @Option(names = "--dither", defaultValue = "true", negatable = true, description = "Dither MC labels within their 1/(M+1) bin so quantiles of a discrete label are unique (default: ${DEFAULT-VALUE}).")
    boolean dither;

    @Option(names = "--validation", defaultValue = "0.15", description = "Share of training rollouts held back to pick the best epoch (early stopping); 0 = off (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(names = "--patience", defaultValue = "10", description = "Epochs without validation improvement before training stops (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--labels", description = "Label file (JSON lines): read when it exists, else the sampled labels are written to it.")
    Path labels;

    @Option(names = "--synthetic", defaultValue = "3000", description = "Extra complete solutions (half reference, half flawed) with their exact final-step label y_T = R, no sampling (default: ${DEFAULT-VALUE}).")
    int synthetic;

    @Option(names = "--report", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print the model report (progrs model-report --prm) of the new PRM at the end (default: ${DEFAULT-VALUE}).")
    boolean modelReport;

    @Option(names = "--samples-per-problem", defaultValue = "4", description = "Rollouts sampled per problem: samples of one prompt that "
            + "go wrong at different steps are what GRPO compares (default: ${DEFAULT-VALUE}).")
    int samplesPerProblem;

    @Option(names = "--steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "6..8", description = "Steps of the labelled rollouts' problems, MIN..MAX: the RL range, "
            + "where the PRM scores the policy's samples (default: ${DEFAULT-VALUE}).")
    StepRange steps;

    @Option(names = "--flaws", split = ",", defaultValue = "SLIP,SKIPPED_STEP,RIGHT_ANSWER_WRONG_STEP,WRONG_OPERAND,STOPPED_EARLY,WRONG_OPERATION",
            description = "Kinds of flawed synthetic solutions, comma-separated, drawn uniformly; one or more of: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}).")
    java.util.List<dev.progrs.tasks.arithmetic.FlawedSolutions.Kind> flaws;

    @Option(names = "--layers", defaultValue = "0", description = "Transformer layers of the PRM; 0 = the policy's. More: the first "
            + "start from the policy's weights, the extra ones start switched off (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--validate-synthetic", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Early stopping also watches held-back synthetic examples (the validation share of them), not only the "
            + "Monte-Carlo-labelled rollouts (default: ${DEFAULT-VALUE}).")
    boolean validateSynthetic;

    @Option(names = "--token-surprise", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "The PRM head also reads how surprised the encoder's next-token read-out is by each step's tokens "
            + "(docs/method.md §1; default: ${DEFAULT-VALUE}).")
    boolean tokenSurprise;

    @Option(names = "--recalibrate", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "After training, shift each quantile level so that its coverage on the validation rollouts' Monte-Carlo "
            + "labels is tau; order-preserving, so within-group rankings do not change (default: ${DEFAULT-VALUE}).")
    boolean recalibrate;

    @Override
    public Integer call() throws Exception {
        TrainPrmConfig config = config();
        // The suite's own answer rule (the text after "Answer:"), the rule held-out evaluation uses.
        TrainPrmReport report = TrainPrmRun.run(config, dev.progrs.models.eval.ArithmeticAnswer::correct, System.out);
        System.out.println("PRM checkpoint: " + report.checkpoint().toAbsolutePath() + " sha256 " + report.sha256());
        if (modelReport) {
            ModelReportCommand.printReport(policy, report.checkpoint().toString(), dev.progrs.models.pretrain.TrainedSuite.configOf(policy),
                    ai.djl.engine.Engine.getEngine("PyTorch").defaultDevice());
        }
        return 0;
    }

    /** The settings as parsed; with no options but --policy and --out, {@link TrainPrmConfig#defaults} (a test checks). */
    TrainPrmConfig config() {
        java.util.List<String> args = spec == null ? java.util.List.of()
                : new java.util.ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals(spec.name())) {
            args.remove(0); // originalArgs starts at the top-level command
        }
        String command = "progrs train-prm " + String.join(" ", args);
        return new TrainPrmConfig(policy, out, problems, problemOffset, continuations, labelFraction, heldOut,
                seed, epochs, minutes, batchSize, learningRate, temperature, maxNewTokens, rolloutBatch,
                PrmConfig.parseLevels(quantiles), initFromPolicy, dither, validation, patience, labels, synthetic, command.trim(),
                steps.min(), steps.max(), samplesPerProblem, flaws, layers, validateSynthetic, tokenSurprise, recalibrate);
    }
}
