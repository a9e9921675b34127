package dev.progrs.cli.train;

import ai.djl.Device;
import dev.progrs.models.pretrain.SupervisedWarmStart;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.pretrain.WarmStartConfig;
import dev.progrs.models.pretrain.WarmStartResult;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code progrs pretrain}: supervised warm start of the policy on the built-in arithmetic suite. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Supervised warm start of the policy on built-in suite solutions (with a share of flawed ones), "
                + "then greedy Pass@1 on the suite's test split. Writes a checkpoint (policy version 0) and loss-curve.png.")
public final class PretrainCommand implements Callable<Integer> {

    private static final WarmStartConfig D = WarmStartConfig.defaults();

    @Option(names = "--steps", description = "Optimizer steps; 0 = bounded by --minutes only (default: ${DEFAULT-VALUE}).")
    int steps = D.steps();

    @Option(names = "--minutes", description = "Wall-clock budget; 0 = bounded by --steps only. A minutes budget is not reproducible across machines (default: ${DEFAULT-VALUE}).")
    double minutes = D.minutes();

    @Option(names = "--seed", description = "Seed of initialisation and data order (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--out", description = "Checkpoint directory (default: ${DEFAULT-VALUE}).")
    Path out = D.out();

    @Option(names = "--lr", description = "Peak learning rate of Adam (default: ${DEFAULT-VALUE}).")
    float lr = D.lr();

    @Option(names = "--lr-final", description = "Learning rate at the end of the cosine decay (default: ${DEFAULT-VALUE}).")
    float lrFinal = D.lrFinal();

    @Option(names = "--decay-start", description = "Training progress in [0,1) where the decay starts (default: ${DEFAULT-VALUE}).")
    double decayStart = D.decayStart();

    @Option(names = "--batch-size", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batchSize = D.batchSize();

    @Option(names = "--flawed-share", description = "Share of training solutions replaced by flawed ones, in [0,1] (default: ${DEFAULT-VALUE}).")
    double flawedShare = D.flawedShare();

    @Option(names = "--min-steps", description = "Fewest reasoning steps of a training problem (default: ${DEFAULT-VALUE}).")
    int minSteps = D.minSteps();

    @Option(names = "--max-steps", description = "Most reasoning steps of a training problem; longer chains are left for RL (default: ${DEFAULT-VALUE}).")
    int maxSteps = D.maxSteps();

    @Option(names = "--eval-every", description = "Evaluate on a test subset every N steps; 0 = never (default: ${DEFAULT-VALUE}).")
    int evalEvery = D.evalEvery();

    @Option(names = "--device", description = "DJL device: cpu, gpu, gpu:N (default: ${DEFAULT-VALUE}).")
    String device = "cpu";

    @Option(names = "--suite", description = "Built-in suite edition: v2 (the testbed), v1 (its last-three-values answer) "
            + "or v0 (the first suite), the older two for old documents (default: ${DEFAULT-VALUE}).")
    String suiteName = ArithmeticSuiteConfig.defaults().version().configName();

    @Option(names = "--context", description = "Policy context length in tokens (default: ${DEFAULT-VALUE}).")
    int context = 256;

    @Option(names = "--report", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print the model report (progrs model-report) of the new checkpoint at the end (default: ${DEFAULT-VALUE}).")
    boolean report;

    @Option(names = "--layers", description = "Transformer layers (default: ${DEFAULT-VALUE}).")
    int layers = 2;

    @Option(names = "--position-offsets", description = "Largest random shift of a training row's positions; 0 = none (default: ${DEFAULT-VALUE}).")
    int positionOffsets = D.maxPositionOffset();

    @Option(names = "--slip-rate", description = "Share of each step result's target probability spread over the other residues, in [0, 0.5): "
            + "sampled solutions then slip at about that rate per step while the greedy decode stays right; 0 = none (default: ${DEFAULT-VALUE}).")
    double slipRate = D.slipRate();

    @Option(names = "--slipped-context-share", description = "Share of reference solutions shown with one wrong step result as context "
            + "(never a target), later lines computed from it, in [0, 1]: the policy learns to compute from the values it wrote (default: ${DEFAULT-VALUE}).")
    double slippedContextShare = D.slippedContextShare();

    @Override
    public Integer call() throws Exception {
        WarmStartConfig config = config();
        ArithmeticSuiteConfig suiteConfig = ArithmeticSuiteConfig.named(suiteName);
        CharTokenizer tokenizer = new CharTokenizer(ArithmeticSuite.ALPHABET);
        TransformerConfig architecture = architecture(tokenizer.vocabSize());
        Device dev = Device.fromName(device);
        ArithmeticSuite suite = new ArithmeticSuite(suiteConfig);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("command", "progrs pretrain " + String.join(" ", commandLineArgs()));
        meta.put(TrainedSuite.KEY, suiteConfig.version().configName());
        WarmStartResult r = new SupervisedWarmStart(config, suite, architecture, tokenizer, dev, System.out).run(meta);
        System.out.printf("%s%ncheckpoint: %s  steps: %d  train time: %.0f s%n", r.passAtOne().summary(),
                r.checkpoint().toAbsolutePath(), r.steps(), r.seconds());
        if (report) {
            ModelReportCommand.printReport(r.checkpoint(), null, suiteConfig, dev);
        }
        return 0;
    }

    /** The settings as parsed; with no options but --out, {@code WarmStartConfig.defaults().withOut(out)} (a test checks). */
    WarmStartConfig config() {
        return new WarmStartConfig(steps, minutes, seed, batchSize, lr, lrFinal, D.warmupSteps(), decayStart,
                D.clipGrad(), flawedShare, minSteps, maxSteps, evalEvery, D.evalSubset(), out, positionOffsets, slipRate, slippedContextShare);
    }

    /** The architecture as parsed; with no options, the shipped {@code TransformerConfig.policyV1} (a test checks). */
    TransformerConfig architecture(int vocabSize) {
        return TransformerConfig.policyV1(vocabSize).withContext(context).withLayers(layers);
    }

    private java.util.List<String> commandLineArgs() {
        return java.util.List.of("--steps", Integer.toString(steps), "--minutes", Double.toString(minutes), "--seed", Long.toString(seed),
                "--lr", Float.toString(lr), "--lr-final", Float.toString(lrFinal), "--decay-start", Double.toString(decayStart),
                "--batch-size", Integer.toString(batchSize), "--flawed-share", Double.toString(flawedShare),
                "--min-steps", Integer.toString(minSteps), "--max-steps", Integer.toString(maxSteps),
                "--eval-every", Integer.toString(evalEvery), "--device", device, "--suite", suiteName,
                "--context", Integer.toString(context), "--layers", Integer.toString(layers), "--position-offsets", Integer.toString(positionOffsets),
                "--slip-rate", Double.toString(slipRate),
                "--slipped-context-share", Double.toString(slippedContextShare), "--out", out.toString());
    }
}
