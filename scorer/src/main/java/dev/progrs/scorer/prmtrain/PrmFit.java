package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.PrmExample;
import dev.progrs.models.prm.PrmModel;
import dev.progrs.models.prm.PrmTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;

/**
 * Fits the PRM: Adam on the pinball loss over shuffled mini-batches until {@code epochs} or
 * {@code minutes}, with early stopping — after each epoch the validation pinball loss is measured,
 * the weights of the best epoch kept ({@link ParameterSnapshot}) and restored at the end, and
 * training stops after {@code patience} epochs without improvement.
 *
 * @param steps            optimiser steps taken
 * @param stepsPerEpoch    mini-batches per epoch
 * @param bestEpoch        the epoch whose weights were kept (0: no validation, the last weights)
 * @param bestValidation   its validation pinball loss (+∞ without validation)
 * @param seconds          wall time of the fit
 */
record PrmFit(long steps, int stepsPerEpoch, int bestEpoch, double bestValidation, double seconds) {

    static final int EVAL_CHUNK = 64;

    /** Fits {@code prm} in place on {@code split}; the progress bar goes to stderr. */
    static PrmFit of(TrainPrmConfig c, PrmModel prm, TrainingSplit split, PrintStream log) {
        List<PrmExample> validation = split.validation();
        List<PrmExample> trainExamples = split.train();
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
             ProgressBar bar = TrainPrmRun.bar("train", plannedSteps)) {
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
        return new PrmFit(steps, perEpoch, bestEpoch, bestValidation, (System.nanoTime() - t1) / 1e9);
    }

    /** Epochs run, fractional when the last one was cut short. */
    double epochs() {
        return steps / (double) stepsPerEpoch;
    }
}
