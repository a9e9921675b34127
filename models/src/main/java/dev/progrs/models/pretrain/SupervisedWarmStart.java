package dev.progrs.models.pretrain;

import dev.progrs.models.eval.PassAtOne;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Supervised warm start of the policy on suite solutions (teacher forcing), so that RL starts from
 * a policy that is right often but not always.
 *
 * <pre>
 *   L = − Σ_{b,t} m(b,t) · log π(x_{b,t+1} | x_{b,≤t}) / Σ_{b,t} m(b,t)
 * </pre>
 * with m the completion mask of {@link SequenceBatch} (the prompt is not a target; a slipped value shown as context
 * has weight 0), or with a slip rate ε the slip-smoothed L_ε of {@link SupervisedLoss}. Adam, learning
 * rate by {@link LearningRateSchedule}; one NDManager per step and the optimizer step outside it
 * (docs/djl-notes.md, pitfall 2). Writes a checkpoint (policy version 0), {@code loss-curve.png} next to it,
 * and reports greedy Pass@1 on the suite's whole test split.
 */
public final class SupervisedWarmStart {

    private final WarmStartConfig config;
    private final ArithmeticSuite suite;
    private final TransformerConfig architecture;
    private final CharTokenizer tokenizer;
    private final Device device;
    private final PrintStream log;

    public SupervisedWarmStart(WarmStartConfig config, ArithmeticSuite suite, TransformerConfig architecture,
                               CharTokenizer tokenizer, Device device, PrintStream log) {
        this.config = config;
        this.suite = suite;
        this.architecture = architecture;
        this.tokenizer = tokenizer;
        this.device = device;
        this.log = log;
    }

    /** Trains, evaluates, saves; returns what it measured. */
    public WarmStartResult run(Map<String, String> extraMetadata) throws IOException {
        try (PolicyModel model = PolicyModel.create(architecture, tokenizer, device, config.seed())) {
            log.printf("warm start: %s, %,d parameters, tokenizer %s, device %s%n", architecture, model.parameterCount(),
                    tokenizer.version(), device);
            log.println("warm start settings: " + config.asMap());
            WarmStartData data = new WarmStartData(suite, tokenizer, config.seed(), config.minSteps(), config.maxSteps(), config.flawedShare(),
                    config.slippedContextShare());
            NDArray residues = config.slipRate() > 0
                    ? model.manager().create(SlipTargets.residueTokens(tokenizer, suite.config().modulus())) : null;
            LearningRateSchedule schedule = new LearningRateSchedule(config.lr(), config.lrFinal(), config.warmupSteps(), config.decayStart());
            MutableLearningRate lr = new MutableLearningRate(schedule.at(0, 0));
            Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).optClipGrad(config.clipGrad()).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam).optDevices(new Device[] {device});

            List<Problem> test = suite.testSet();
            List<Problem> evalSubset = test.subList(0, Math.min(config.evalSubset(), test.size()));
            List<Integer> curveSteps = new ArrayList<>();
            List<Double> curveLoss = new ArrayList<>();
            List<Integer> evalSteps = new ArrayList<>();
            List<Double> evalPass = new ArrayList<>();
            double window = 0;
            int windowN = 0;
            double[] recent = new double[50];
            long step = 0;
            double trainSeconds = 0;
            long start = System.nanoTime();
            long evalNanos = 0;
            long budgetMax = config.steps() > 0 ? config.steps() : Math.round(config.minutes() * 60);
            try (Trainer trainer = model.djlModel().newTrainer(tc);
                 ProgressBar bar = new ProgressBarBuilder().setTaskName("pretrain").setInitialMax(budgetMax)
                         .setStyle(ProgressBarStyle.ASCII).setUnit(config.steps() > 0 ? " steps" : " s", 1)
                         .setConsumer(new ConsoleProgressBarConsumer(log, 110)).setUpdateIntervalMillis(500).build()) {
                trainer.initialize(new Shape(1, 2), new Shape(1, 2));
                while (true) {
                    double elapsed = (System.nanoTime() - start - evalNanos) / 1e9;
                    double progress = progress(step, elapsed);
                    if (progress >= 1) {
                        break;
                    }
                    lr.set(schedule.at(step, progress));
                    float loss;
                    try (NDManager stepManager = trainer.getManager().newSubManager()) {
                        List<WarmStartData.Example> rows = data.examples(step, config.batchSize());
                        SequenceBatch batch = WarmStartData.batch(stepManager, rows, architecture.context());
                        NDArray offsets = config.maxPositionOffset() > 0
                                ? data.offsets(stepManager, step, batch, architecture.context(), config.maxPositionOffset()) : null;
                        NDArray results = config.slipRate() > 0 ? WarmStartData.resultMask(stepManager, rows, batch) : null;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray l = SupervisedLoss.of(model, batch, offsets, results, residues, config.slipRate());
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                    }
                    trainer.step();
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException("warm start diverged: loss " + loss + " at step " + step
                                + " (lr " + lr.get() + "); lower --lr");
                    }
                    recent[(int) (step % recent.length)] = loss;
                    window += loss;
                    windowN++;
                    step++;
                    if (windowN == 25) {
                        curveSteps.add((int) step);
                        curveLoss.add(window / windowN);
                        window = 0;
                        windowN = 0;
                    }
                    if (config.evalEvery() > 0 && step % config.evalEvery() == 0) {
                        long t0 = System.nanoTime();
                        PassAtOne p = PassAtOne.evaluate(model, evalSubset, 64);
                        evalNanos += System.nanoTime() - t0;
                        evalSteps.add((int) step);
                        evalPass.add(p.overall());
                        bar.setExtraMessage(String.format(" loss %.3f lr %.1e | subset %.0f%%", loss, lr.get(), 100 * p.overall()));
                    } else {
                        bar.setExtraMessage(String.format(" loss %.3f lr %.1e", loss, lr.get()));
                    }
                    bar.stepTo(config.steps() > 0 ? step : Math.min(budgetMax, Math.round(elapsed)));
                }
                if (windowN > 0) {
                    curveSteps.add((int) step);
                    curveLoss.add(window / windowN);
                }
                trainSeconds = (System.nanoTime() - start - evalNanos) / 1e9;
                bar.stepTo(budgetMax);
            }
            double finalLoss = 0;
            int n = (int) Math.min(step, recent.length);
            for (int i = 0; i < n; i++) {
                finalLoss += recent[i];
            }
            finalLoss = n == 0 ? Double.NaN : finalLoss / n;
            log.printf("trained %d steps in %.1f s (%.0f ms/step), final loss %.4f%n", step, trainSeconds,
                    step == 0 ? 0 : 1000 * trainSeconds / step, finalLoss);

            PassAtOne pass = PassAtOne.evaluate(model, test, 64);
            log.println("test split: " + pass.summary());

            Map<String, String> meta = new LinkedHashMap<>(config.asMap());
            meta.putAll(extraMetadata);
            meta.put("trained-steps", Long.toString(step));
            meta.put("train-seconds", String.format("%.1f", trainSeconds));
            meta.put("final-loss", String.format("%.4f", finalLoss));
            meta.put("pass-at-1", String.format("%.4f", pass.overall()));
            pass.byDifficulty().forEach((d, ct) -> meta.put("pass-at-1.steps-" + d, String.format("%.4f", ct[0] / (double) ct[1])));
            meta.put("test-split", "arithmetic " + suite.config());
            Path out = config.out();
            PolicyCheckpoint.save(model, out, meta);
            Path png = out.resolve("loss-curve.png");
            LossCurvePlot.write(png, "PROGRS warm start (seed " + config.seed() + ")", curveSteps, curveLoss, evalSteps, evalPass);
            log.println("checkpoint written to " + out.toAbsolutePath() + " (loss curve " + png.getFileName() + ")");
            return new WarmStartResult(out, step, trainSeconds, curveLoss.isEmpty() ? Double.NaN : curveLoss.get(0), finalLoss, pass, png);
        }
    }

    private double progress(long step, double elapsedSeconds) {
        double p = 0;
        if (config.steps() > 0) {
            p = Math.max(p, step / (double) config.steps());
        }
        if (config.minutes() > 0) {
            p = Math.max(p, elapsedSeconds / (config.minutes() * 60));
        }
        return p;
    }
}
