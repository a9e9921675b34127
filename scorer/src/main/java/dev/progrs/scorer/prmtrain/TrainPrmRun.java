package dev.progrs.scorer.prmtrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmConfig;
import dev.progrs.models.prm.PrmExample;
import dev.progrs.models.prm.PrmModel;
import dev.progrs.models.prm.QuantileRecalibration;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The {@code progrs train-prm} pipeline: Monte-Carlo labels from the warm policy, pinball-loss
 * training, evaluation on held-out rollouts, a frozen checkpoint with its hash, a calibration plot.
 *
 * <ol>
 *   <li>one rollout per train problem {@code problem-offset + i} of the built-in suite, verified;</li>
 *   <li>M continuations from every non-final prefix ({@link MonteCarloLabeler}); y_T = R;</li>
 *   <li>rollouts split by problem into training and held-out ({@code held-out}); training labels
 *       kept with probability {@code label-fraction}; labels dithered ({@link LabelDither});</li>
 *   <li>Adam on the pinball loss until {@code epochs} or {@code minutes};</li>
 *   <li>report coverage per τ, pinball loss and the AUROC of Q_0.5 at the last step for R;</li>
 *   <li>save, reload as {@link FrozenPrm} (hash verified), plot, write a README line.</li>
 * </ol>
 * Steps 3–6 are {@link TrainingSplit}, {@link PrmFit}, {@link HeldOutCalibration} and {@link PrmArtefacts}.
 */
public final class TrainPrmRun {

    private TrainPrmRun() {
    }

    public static TrainPrmReport run(TrainPrmConfig c, OutcomeCheck check, PrintStream log) throws IOException {
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        ArithmeticSuite suite = new ArithmeticSuite(TrainedSuite.configOf(c.policyDir()));
        List<Problem> problems = new ArrayList<>(c.problems());
        for (int i = 0; i < c.problems(); i++) {
            long index = c.problemOffset() + i;
            Problem p = c.minSteps() == 0 ? suite.trainProblem(index)
                    : suite.trainProblem(index, c.minSteps() + (int) (index % (c.maxSteps() - c.minSteps() + 1)));
            for (int k = 0; k < c.samplesPerProblem(); k++) {
                problems.add(p);
            }
        }
        log.println("train-prm " + c.asMap());

        long t0 = System.nanoTime();
        List<Rollout> rollouts;
        PrmModel prm;
        try (PolicyModel policy = PolicyCheckpoint.load(c.policyDir(), device)) {
            if (c.labelsFile() != null && Files.exists(c.labelsFile())) {
                rollouts = LabelStore.read(c.labelsFile());
                log.println("labels read from " + c.labelsFile() + ": " + rollouts.size() + " rollouts (not sampled again)");
            } else {
                SamplingConfig sampling = SamplingConfig.sample(c.temperature(), 1.0, c.maxNewTokens(), c.seed());
                MonteCarloLabeler labeler = new MonteCarloLabeler(policy, sampling, check, c.rolloutBatch());
                try (ProgressBar bar = bar("rollouts", problems.size())) {
                    rollouts = labeler.rollouts(problems, bar::stepBy);
                }
                long total = MonteCarloLabeler.continuationCount(rollouts, c.continuations());
                try (ProgressBar bar = bar("continuations", total)) {
                    rollouts = labeler.label(rollouts, c.continuations(), bar::stepBy);
                }
                if (c.labelsFile() != null) {
                    LabelStore.write(c.labelsFile(), rollouts);
                    log.println("labels written to " + c.labelsFile());
                }
            }
            PrmConfig prmConfig = new PrmConfig(c.prmLayers() == 0 ? policy.config() : policy.config().withLayers(c.prmLayers()),
                    c.quantileLevels(), c.tokenSurprise());
            prm = PrmModel.create(prmConfig, policy.tokenizer(), device, c.seed());
            if (c.initFromPolicy()) {
                prm.initialiseEncoderFrom(policy);
            }
        }
        double labelSeconds = (System.nanoTime() - t0) / 1e9;

        try {
            return trainAndReport(c, prm, rollouts, labelSeconds, log);
        } finally {
            prm.close();
        }
    }

    /** Split, fit, calibration, artefacts: everything after the labels. */
    private static TrainPrmReport trainAndReport(TrainPrmConfig c, PrmModel prm, List<Rollout> all, double labelSeconds,
                                                 PrintStream log) throws IOException {
        List<Rollout> rollouts = all.stream().filter(r -> r.sequence().steps() > 0).toList();
        double accuracy = all.stream().filter(Rollout::correct).count() / (double) all.size();
        TrainingSplit split = TrainingSplit.of(c, prm, rollouts);
        PrmFit fit = PrmFit.of(c, prm, split, log);
        if (c.recalibrate() && split.validationRollouts() > 0) {
            QuantileRecalibration r = recalibration(prm, split.validation().subList(0, split.validationRollouts()));
            prm.setRecalibration(r);
            log.println("quantile recalibration on " + split.validationRollouts() + " validation rollouts: logit shifts " + r.text());
        }
        HeldOutCalibration calibration = HeldOutCalibration.of(c, prm, split.heldOut());
        PrmArtefacts artefacts = PrmArtefacts.write(c, prm, fit, calibration, labelSeconds);
        TrainPrmReport report = new TrainPrmReport(calibration.levels(), calibration.coverage(), calibration.rawBelow(),
                calibration.rawAtOrBelow(), calibration.pinball(), calibration.rawPinball(), calibration.auroc(),
                split.heldOut().size(), calibration.prefixes(), split.trainPrefixes(), split.labelled(), accuracy, fit.steps(),
                fit.epochs(), labelSeconds, fit.seconds(), artefacts.sha256(), c.out(), artefacts.plot());
        artefacts.writeReadme(c, report, labelSeconds, fit.seconds());
        log.println(report.summary());
        return report;
    }

    /** Per-level logit shifts that give the Monte-Carlo-labelled {@code examples} coverage τ ({@link QuantileRecalibration}). */
    static QuantileRecalibration recalibration(PrmModel prm, List<PrmExample> examples) {
        List<Double> y = new ArrayList<>();
        List<double[]> q = new ArrayList<>();
        for (int from = 0; from < examples.size(); from += PrmFit.EVAL_CHUNK) {
            List<PrmExample> chunk = examples.subList(from, Math.min(examples.size(), from + PrmFit.EVAL_CHUNK));
            List<double[][]> scored = prm.score(chunk.stream().map(PrmExample::sequence).toList());
            for (int i = 0; i < chunk.size(); i++) {
                double[] labels = chunk.get(i).labels();
                for (int t = 0; t < labels.length; t++) {
                    if (!Double.isNaN(labels[t])) {
                        y.add(labels[t]);
                        q.add(scored.get(i)[t]);
                    }
                }
            }
        }
        return QuantileRecalibration.fit(y.stream().mapToDouble(Double::doubleValue).toArray(), q.toArray(new double[0][]),
                prm.config().levels());
    }

    /** A progress bar on stderr. */
    static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }
}
