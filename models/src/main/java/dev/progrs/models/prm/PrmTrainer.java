package dev.progrs.models.prm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam steps on the weighted mean {@link PinballLoss} of a {@link PrmModel}. Each step runs in its
 * own NDManager scope (docs/djl-notes.md, pitfall 2); the optimiser step happens after that scope closes.
 * Close the trainer when training ends; the model stays usable.
 */
public final class PrmTrainer implements AutoCloseable {

    private final PrmModel model;
    private final Trainer trainer;
    private final double[] taus;
    private final int context;

    /**
     * @param learningRate Adam step size &gt; 0 (key {@code learning-rate}); 3e-4 is stable for the d64 encoder
     */
    public PrmTrainer(PrmModel model, float learningRate) {
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw bad("learning-rate", learningRate, "a finite number > 0");
        }
        this.model = model;
        this.taus = model.config().levels();
        this.context = model.config().architecture().context();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(learningRate)).build())
                .optDevices(new Device[] {model.manager().getDevice()});
        this.trainer = model.djlModel().newTrainer(tc);
        // Keeps the existing (created or loaded) parameters and registers them for gradients.
        trainer.initialize(new Shape(1, 2), new Shape(1, 2), new Shape(1, 1, 2));
    }

    /** One optimiser step on {@code batch}; returns the batch's loss before the step. */
    public float step(List<PrmExample> batch) {
        float value;
        try (NDManager m = trainer.getManager().newSubManager()) {
            Inputs in = inputs(m, batch);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray loss = PinballLoss.loss(model.network().quantiles(in.batch), in.labels, in.weights, taus);
                gc.backward(loss);
                value = loss.getFloat();
            }
        }
        trainer.step();
        return value;
    }

    /** Weighted mean pinball loss over {@code examples}, in chunks of {@code chunk}, without gradients. */
    public double evaluate(List<PrmExample> examples, int chunk) {
        double sum = 0;
        long count = 0;
        for (int from = 0; from < examples.size(); from += chunk) {
            List<PrmExample> part = examples.subList(from, Math.min(examples.size(), from + chunk));
            int n = part.stream().mapToInt(PrmExample::labelled).sum();
            if (n == 0) {
                continue;
            }
            try (NDManager m = model.manager().newSubManager()) {
                Inputs in = inputs(m, part);
                sum += PinballLoss.loss(model.network().quantiles(in.batch), in.labels, in.weights, taus).getFloat() * (double) n;
            }
            count += n;
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private Inputs inputs(NDManager m, List<PrmExample> batch) {
        List<PrmSequence> seqs = new ArrayList<>(batch.size());
        List<double[]> labels = new ArrayList<>(batch.size());
        for (PrmExample e : batch) {
            seqs.add(e.sequence());
            labels.add(e.labels());
        }
        PrmBatch b = PrmBatch.of(m, seqs, context);
        NDArray[] yw = b.labelsAndWeights(m, labels);
        return new Inputs(b, yw[0], yw[1]);
    }

    private record Inputs(PrmBatch batch, NDArray labels, NDArray weights) {
    }

    @Override
    public void close() {
        trainer.close();
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
