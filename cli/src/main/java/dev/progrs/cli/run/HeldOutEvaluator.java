package dev.progrs.cli.run;

import dev.progrs.models.eval.HeldOutScore;
import ai.djl.Device;
import dev.progrs.models.policy.GradMode;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.tasks.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Held-out Pass@1 ({@link HeldOutScore}: greedy and sampled at the training temperature) of the newest policy version on held-out test problems, measured in the background
 * while training runs: at most one evaluation every {@code intervalMillis}, each on the version the
 * learner holds at that moment, loaded from the checkpoint store.
 */
final class HeldOutEvaluator implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldOutEvaluator.class);

    /** One measurement: the policy version, the rollouts trained on when it was taken, its Pass@1. */
    record Measurement(long version, long rollouts, HeldOutScore score) {
    }

    private final List<Problem> problems;
    private final LongSupplier currentVersion;
    private final LongSupplier rollouts;
    private final LongFunction<Path> checkpointOf;
    private final Device device;
    private final long intervalMillis;
    private final float temperature;
    private final int samples;
    private final List<Measurement> measurements = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private long lastVersion = -1;

    HeldOutEvaluator(List<Problem> problems, LongSupplier currentVersion, LongSupplier rollouts, LongFunction<Path> checkpointOf,
                     Device device, long intervalMillis, float temperature, int samples) {
        this.problems = List.copyOf(problems);
        this.currentVersion = currentVersion;
        this.rollouts = rollouts;
        this.checkpointOf = checkpointOf;
        this.device = device;
        this.intervalMillis = intervalMillis;
        this.temperature = temperature;
        this.samples = samples;
        this.thread = new Thread(this, "progrs-run-eval");
        this.thread.setPriority(Thread.MIN_PRIORITY);
    }

    /** Records an evaluation made elsewhere (the warm start before training). */
    synchronized void record(Measurement m) {
        measurements.add(m);
        lastVersion = Math.max(lastVersion, m.version());
    }

    void start() {
        thread.start();
    }

    synchronized List<Measurement> measurements() {
        return List.copyOf(measurements);
    }

    synchronized Measurement latest() {
        return measurements.isEmpty() ? null : measurements.get(measurements.size() - 1);
    }

    /** Evaluates the policy checkpoint in {@code dir} on {@code problems}: greedy, and {@code samples} samples per problem at T. */
    static HeldOutScore evaluate(Path dir, Device device, List<Problem> problems, float temperature, int samples) {
        try (PolicyModel model = PolicyCheckpoint.load(dir, device)) {
            return HeldOutScore.of(model, problems, temperature, samples);
        }
    }

    @Override
    public void run() {
        GradMode.disableOnThisThread(); // evaluation records no autograd graph
        while (running) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            long version = currentVersion.getAsLong();
            if (!running || version <= lastVersion || version < 0) {
                continue;
            }
            long atRollouts = rollouts.getAsLong();
            try {
                HeldOutScore p = evaluate(checkpointOf.apply(version), device, problems, temperature, samples);
                record(new Measurement(version, atRollouts, p));
            } catch (RuntimeException e) {
                LOG.warn("held-out evaluation of version {} failed: {}", version, e.getMessage());
                lastVersion = version;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(120_000);
    }
}
