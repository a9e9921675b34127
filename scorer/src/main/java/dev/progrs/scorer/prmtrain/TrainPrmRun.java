package dev.progrs.scorer.prmtrain;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmCheckpoint;
import dev.progrs.models.prm.PrmConfig;
import dev.progrs.models.prm.PrmExample;
import dev.progrs.models.prm.PrmModel;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.models.prm.PrmTrainer;
import dev.progrs.scorer.metrics.Auroc;
import dev.progrs.scorer.metrics.QuantileCalibration;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
 */
public final class TrainPrmRun {

    private static final int EVAL_CHUNK = 64;

    private TrainPrmRun() {
    }

    public static TrainPrmReport run(TrainPrmConfig c, OutcomeCheck check, PrintStream log) throws IOException {
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
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
            PrmConfig prmConfig = new PrmConfig(policy.config(), c.quantileLevels());
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

    private static TrainPrmReport trainAndReport(TrainPrmConfig c, PrmModel prm, List<Rollout> all, double labelSeconds,
                                                 PrintStream log) throws IOException {
        List<Rollout> rollouts = all.stream().filter(r -> r.sequence().steps() > 0).toList();
        double accuracy = all.stream().filter(Rollout::correct).count() / (double) all.size();
        // Split by problem, so that no held-out prompt has rollouts in training.
        java.util.Map<String, List<Rollout>> byProblem = new java.util.LinkedHashMap<>();
        for (Rollout r : rollouts) {
            byProblem.computeIfAbsent(r.problem().id(), k -> new ArrayList<>()).add(r);
        }
        List<String> order = new ArrayList<>(byProblem.keySet());
        Collections.shuffle(order, new Random(c.seed()));
        int heldOutCount = (int) Math.ceil(c.heldOutFraction() * order.size());
        List<Rollout> heldOut = new ArrayList<>();
        List<Rollout> train = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i < heldOutCount ? heldOut : train).addAll(byProblem.get(order.get(i)));
        }

        SplittableRandom labelRng = new SplittableRandom(c.seed() * 31 + 7);
        int validationCount = (int) Math.floor(c.validationFraction() * train.size());
        List<PrmExample> validation = new ArrayList<>();
        for (Rollout r : train.subList(0, validationCount)) {
            validation.add(new PrmExample(r.sequence(), labels(r, c.dither(), labelRng)));
        }
        train = train.subList(validationCount, train.size());
        List<PrmExample> trainExamples = new ArrayList<>();
        int trainPrefixes = 0;
        int labelled = 0;
        for (Rollout r : train) {
            double[] y = labels(r, c.dither(), labelRng);
            for (int t = 0; t < y.length; t++) {
                trainPrefixes++;
                if (labelRng.nextDouble() >= c.labelFraction()) {
                    y[t] = Double.NaN;
                } else {
                    labelled++;
                }
            }
            PrmExample e = new PrmExample(r.sequence(), y);
            if (e.labelled() > 0) {
                trainExamples.add(e);
            }
        }
        trainExamples.addAll(syntheticExamples(c, prm, labelRng));

        long t1 = System.nanoTime();
        long deadline = t1 + (long) (c.minutes() * 60e9);
        long steps = 0;
        int perEpoch = Math.max(1, (trainExamples.size() + c.batchSize() - 1) / c.batchSize());
        long plannedSteps = c.epochs() > 0 ? (long) c.epochs() * perEpoch : -1;
        Random shuffle = new Random(c.seed() + 1);
        ParameterSnapshot best = null;
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        try (PrmTrainer trainer = new PrmTrainer(prm, c.learningRate());
             ProgressBar bar = bar("train", plannedSteps)) {
            List<PrmExample> epochData = new ArrayList<>(trainExamples);
            outer:
            for (int epoch = 0; c.epochs() == 0 || epoch < c.epochs(); epoch++) {
                Collections.shuffle(epochData, shuffle);
                for (int from = 0; from < epochData.size(); from += c.batchSize()) {
                    if (System.nanoTime() > deadline) {
                        break outer;
                    }
                    float loss = trainer.step(epochData.subList(from, Math.min(epochData.size(), from + c.batchSize())));
                    steps++;
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f val %.4f (epoch %d)", loss, bestValidation, bestEpoch));
                }
                if (!validation.isEmpty()) {
                    // early stopping: keep the weights of the epoch with the lowest validation pinball loss
                    double v = trainer.evaluate(validation, EVAL_CHUNK);
                    if (v < bestValidation) {
                        bestValidation = v;
                        bestEpoch = epoch + 1;
                        best = ParameterSnapshot.of(prm.network());
                        sinceBest = 0;
                    } else if (++sinceBest >= c.patience()) {
                        break;
                    }
                }
            }
        }
        if (best != null) {
            best.restore(prm.network());
            log.printf(Locale.ROOT, "early stopping: weights of epoch %d (validation pinball %.4f on %d rollouts)%n", bestEpoch,
                    bestValidation, validation.size());
        }
        double trainSeconds = (System.nanoTime() - t1) / 1e9;

        // Held-out evaluation: one forward pass per chunk of rollouts scores all their prefixes.
        SplittableRandom evalRng = new SplittableRandom(c.seed() * 31 + 11);
        double[] taus = prm.config().levels();
        List<double[]> q = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> yRaw = new ArrayList<>();
        double[] lastMedian = new double[heldOut.size()];
        boolean[] outcome = new boolean[heldOut.size()];
        int median = medianIndex(taus);
        for (int from = 0; from < heldOut.size(); from += EVAL_CHUNK) {
            List<Rollout> part = heldOut.subList(from, Math.min(heldOut.size(), from + EVAL_CHUNK));
            List<double[][]> scores = prm.score(part.stream().map(Rollout::sequence).toList());
            for (int i = 0; i < part.size(); i++) {
                Rollout r = part.get(i);
                double[] dithered = labels(r, c.dither(), evalRng);
                double[] raw = r.successRates();
                double[][] s = scores.get(i);
                for (int t = 0; t < s.length; t++) {
                    q.add(s[t]);
                    y.add(dithered[t]);
                    yRaw.add(raw[t]);
                }
                lastMedian[from + i] = s[s.length - 1][median];
                outcome[from + i] = r.correct();
            }
        }
        double[][] qa = q.toArray(new double[0][]);
        double[] ya = y.stream().mapToDouble(Double::doubleValue).toArray();
        double[] yr = yRaw.stream().mapToDouble(Double::doubleValue).toArray();
        double[] coverage = new double[taus.length];
        double[] below = new double[taus.length];
        double[] atOrBelow = new double[taus.length];
        for (int k = 0; k < taus.length; k++) {
            coverage[k] = QuantileCalibration.coverage(ya, qa, k);
            below[k] = QuantileCalibration.coverage(yr, qa, k);
            atOrBelow[k] = QuantileCalibration.coverageInclusive(yr, qa, k);
        }
        double pinball = QuantileCalibration.pinball(ya, qa, taus);
        double rawPinball = QuantileCalibration.pinball(yr, qa, taus);
        double auroc = Auroc.of(lastMedian, outcome);

        Files.createDirectories(c.out());
        Map<String, String> meta = new TreeMap<>(c.asMap());
        meta.put("command", c.commandLine());
        meta.put("heldOut.auroc", fmt(auroc));
        meta.put("heldOut.pinball", fmt(pinball));
        for (int k = 0; k < taus.length; k++) {
            meta.put("heldOut.coverage." + taus[k], fmt(coverage[k]));
        }
        meta.put("optimiserSteps", Long.toString(steps));
        meta.put("bestEpoch", Integer.toString(bestEpoch));
        meta.put("validationPinball", fmt(bestValidation));
        meta.put("trainSeconds", fmt(trainSeconds));
        meta.put("labelSeconds", fmt(labelSeconds));
        PrmCheckpoint.save(prm, c.out(), meta);
        String sha;
        try (FrozenPrm frozen = FrozenPrm.load(c.out(), prm.manager().getDevice())) {
            sha = frozen.sha256();
        }
        Path plot = c.out().resolve("calibration.png");
        double[] medians = new double[qa.length];
        for (int i = 0; i < qa.length; i++) {
            medians[i] = qa[i][median];
        }
        CalibrationPlot.write(plot, taus, coverage, medians, yr, 10);

        TrainPrmReport report = new TrainPrmReport(taus, coverage, below, atOrBelow, pinball, rawPinball, auroc,
                heldOut.size(), qa.length, trainPrefixes, labelled, accuracy, steps,
                steps / (double) perEpoch, labelSeconds, trainSeconds, sha, c.out(), plot);
        String readme = "# PRM checkpoint\n\n"
                + "`" + c.commandLine() + "` — seed " + c.seed() + ", " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", labelling " + Math.round(labelSeconds) + " s + training " + Math.round(trainSeconds) + " s; "
                + report.oneLine() + "; weights sha256 " + sha + "\n";
        Files.writeString(c.out().resolve("README.md"), readme);
        log.println(report.summary());
        return report;
    }

    /**
     * Complete solutions of train problems {@code problem-offset + problems + i/2}: even i the
     * reference solution (R = 1), odd i a random flawed one of the same problem (R from its answer). A complete solution's
     * Monte-Carlo label is exact without sampling, y_T = R. Every other step is labelled too, by what
     * the gold structure says of its prefix: from the first wrong line on, a continuation carries the
     * wrong value on and, with the testbed's injective arithmetic, almost never ends correct, so
     * y_t = 0; before it the prefix is correct and y_t = 1 (the value of a correct prefix to a solver
     * that finishes it — not the warm policy's Monte-Carlo value, which is near 0 on chains longer than
     * it can finish, and so cannot tell a correct prefix from a lost one). Labels are dithered within
     * their bin like the sampled ones.
     */
    static List<PrmExample> syntheticExamples(TrainPrmConfig c, PrmModel prm, SplittableRandom rng) {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        FlawedSolutions.Kind[] kinds = FlawedSolutions.Kind.values();
        List<PrmExample> out = new ArrayList<>(c.synthetic());
        for (int i = 0; i < c.synthetic(); i++) {
            // Pairs: the reference and a flawed solution of the same problem, so the PRM sees the same
            // prompt and step with and without the error; in the labelled step range when one is set.
            long index = c.problemOffset() + c.problems() + i / 2;
            int steps = c.minSteps() == 0 ? suite.trainSteps(index) : c.minSteps() + (int) (index % (c.maxSteps() - c.minSteps() + 1));
            ArithmeticProblem p = suite.trainArithmetic(index, steps);
            String solution = p.referenceSolution();
            boolean correct = true;
            int firstWrong = -1;
            if (i % 2 == 1) {
                FlawedSolutions.Flawed f = FlawedSolutions.random(p, kinds[rng.nextInt(kinds.length)], rng);
                solution = f.solution();
                correct = f.answerCorrect();
                firstWrong = f.firstWrongLine();
            }
            PrmSequence seq = PrmSequence.ofText(prm.tokenizer(), p.prompt(), java.util.Arrays.asList(solution.split("\n")));
            if (seq.steps() == 0 || seq.length() > prm.config().architecture().context()) {
                continue;
            }
            double[] y = new double[seq.steps()];
            // Every step is labelled: a prefix of the reference is correct (its value to a solver that
            // finishes what it starts, 1), a prefix holding a wrong line is lost (0); the final step has
            // the exact y_T = R. The same prompt and step with and without the error sit side by side.
            int lostFrom = firstWrong >= 0 ? firstWrong : y.length;
            for (int t = 0; t < y.length - 1; t++) {
                int k = t < lostFrom ? c.continuations() : 0;
                y[t] = c.dither() ? LabelDither.dither(k, c.continuations(), rng) : k / (double) c.continuations();
            }
            int k = correct ? c.continuations() : 0;
            y[y.length - 1] = c.dither() ? LabelDither.dither(k, c.continuations(), rng) : k / (double) c.continuations();
            out.add(new PrmExample(seq, y));
        }
        return out;
    }

    /** Per-step labels: dithered counts, or raw success rates. */
    private static double[] labels(Rollout r, boolean dither, SplittableRandom rng) {
        if (!dither) {
            return r.successRates();
        }
        double[] y = new double[r.successes().length];
        for (int t = 0; t < y.length; t++) {
            y[t] = LabelDither.dither(r.successes()[t], r.continuations(), rng);
        }
        return y;
    }

    /** Column of τ = 0.5, or the middle level when 0.5 is not one of them. */
    static int medianIndex(double[] taus) {
        for (int k = 0; k < taus.length; k++) {
            if (Math.abs(taus[k] - 0.5) < 1e-9) {
                return k;
            }
        }
        return taus.length / 2;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build();
    }
}
