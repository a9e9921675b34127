package dev.progrs.learner.grpo;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.progrs.learner.loss.ClippedSurrogate;
import dev.progrs.learner.loss.PolicyForward;
import dev.progrs.learner.loss.SurrogateTerms;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.wire.GroupAdvantages;
import java.util.List;
import java.util.Objects;

/**
 * Applies GRPO updates to a policy in place: per batch, U optimiser steps (Adam, fixed learning rate,
 * no weight decay) on the {@link ClippedSurrogate} of all its samples.
 *
 * <p>Each step: one sub-manager holding the batch tensors and the graph; the forward
 * ({@link PolicyForward}) and backward inside a gradient collector; {@code trainer.step()} outside
 * the sub-manager (docs/djl-notes.md, pitfall 2). Reference log-probs (β &gt; 0) are computed without a graph.
 *
 * <p>A batch without signal — every advantage exactly 0 and no KL term (β = 0, or the policy still
 * equals the reference: mean k3 = 0) — has an exactly zero gradient, and the optimiser is not
 * stepped: Adam would otherwise keep moving the weights with the momentum of earlier batches (and
 * DJL refuses an all-zero first step). Such a batch leaves the weights bit for bit unchanged.
 *
 * <p>A step whose gradient holds a NaN or an infinity is computed once more on the same weights and
 * batch: if that is finite the step uses it ({@link #recomputedSteps()}: in asynchronous runs the
 * first gradient was occasionally non-finite while its recomputation was finite, a fault of the
 * native computation, not of the batch; bench/RESULTS.md), otherwise the step is skipped (gradients
 * cleared, the optimiser not stepped, {@link #skippedSteps()}). A step whose loss is non-finite stops
 * the update. Each is logged with a {@link NonFiniteStep}: which parameters, the ranges of ρ, A, the
 * log-probs and the logits, the samples' staleness, and whether the recomputation was finite.
 *
 * <p>Adam's moment estimates live only in memory: after a restart they start from zero again.
 */
public final class GrpoUpdater implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GrpoUpdater.class);

    private final PolicyModel policy;
    private final PolicyModel reference;
    private final GrpoConfig config;
    private final ClippedSurrogate surrogate;
    private final Trainer trainer;
    private long skippedSteps;
    private long recomputedSteps;
    private NonFiniteStep lastNonFinite;

    /**
     * @param policy    the policy to train (its parameters must exist: created or loaded)
     * @param reference frozen reference policy for the k3 term; required when β &gt; 0, ignored otherwise
     */
    public GrpoUpdater(PolicyModel policy, PolicyModel reference, GrpoConfig config) {
        this(policy, reference, config, (p, attempt) -> { });
    }

    /**
     * Called after every backward, before the gradient is scanned: {@code attempt} is 0 for a step's
     * first backward and 1 for its recomputation. Tests inject a fault of the native computation here
     * (the production constructor passes a no-op).
     */
    interface AfterBackward {
        void after(PolicyModel policy, int attempt);
    }

    private final AfterBackward afterBackward;

    GrpoUpdater(PolicyModel policy, PolicyModel reference, GrpoConfig config, AfterBackward afterBackward) {
        this.afterBackward = Objects.requireNonNull(afterBackward, "afterBackward");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.config = Objects.requireNonNull(config, "config");
        if (config.beta() > 0 && reference == null) {
            throw new IllegalArgumentException("grpo key 'beta' = " + config.beta() + " > 0 needs a reference policy");
        }
        if (reference != null && !reference.config().equals(policy.config())) {
            throw new IllegalArgumentException("reference architecture " + reference.config() + " differs from the policy's " + policy.config());
        }
        this.reference = config.beta() > 0 ? reference : null;
        this.surrogate = config.surrogate();
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
        DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                .optDevices(new Device[] {policy.device()});
        this.trainer = policy.djlModel().newTrainer(tc);
        trainer.initialize(new Shape(1, 2), new Shape(1, 2));
    }

    /**
     * Optimiser steps skipped because a gradient was NaN or infinite twice on the same weights and batch
     * (each logged with a {@link NonFiniteStep}).
     */
    public long skippedSteps() {
        return skippedSteps;
    }

    /**
     * Steps whose first gradient was NaN or infinite but whose recomputation on the same weights and batch
     * was finite; the step used the recomputed gradient (each logged with a {@link NonFiniteStep}).
     */
    public long recomputedSteps() {
        return recomputedSteps;
    }

    /**
     * The first parameter holding a NaN or an infinity, or null. Reads the values to the host: an op on
     * a parameter array would attach its result to the model's manager and leak every step
     * (docs/djl-notes.md, pitfall 1).
     */
    private String nonFiniteWeight() {
        for (var p : policy.network().getParameters()) {
            if (!allFinite(p.getValue().getArray().toFloatArray())) {
                return p.getKey();
            }
        }
        return null;
    }

    /**
     * Every parameter's gradient read to the host: which hold a NaN or an infinity, and the largest finite
     * |g|. Closes each gradient handle.
     */
    private NonFiniteStep.GradientScan scanGradients() {
        NonFiniteStep.GradientScan.Builder scan = new NonFiniteStep.GradientScan.Builder();
        for (var p : policy.network().getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            try {
                scan.add(p.getKey(), g.toFloatArray());
            } finally {
                g.close(); // the handle only; the gradient itself stays with the parameter
            }
        }
        return scan.build();
    }

    /**
     * Overwrites the policy's own gradients with zeros. Not {@code GradientCollector.zeroGradients()}: in
     * DJL's PyTorch engine that computes g − g, which leaves a NaN a NaN (the next backward then adds to
     * it, and every later batch would be skipped), and it walks every array of the JVM's system manager,
     * including those other threads (generator, scorer) are closing at that moment.
     */
    private void clearOwnGradients() {
        for (var p : policy.network().getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            NDArray nan = g.isNaN();
            NDArray inf = g.isInfinite();
            NDArray bad = nan.logicalOr(inf);
            try {
                // in place on the gradient tensor (a masked fill, then g − g): no host buffer is handed to
                // the tensor, whose storage must outlive every Java handle
                g.set(bad, 0f);
                g.subi(g);
            } finally {
                bad.close();
                inf.close();
                nan.close();
                g.close(); // the handle only; the gradient itself stays with the parameter
            }
        }
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public GrpoConfig config() {
        return config;
    }

    public PolicyModel policy() {
        return policy;
    }

    /**
     * Runs U optimiser steps on {@code groups} (already filtered for staleness and validated).
     *
     * @param currentVersion the version the policy has now (for staleness statistics)
     */
    public UpdateMetrics update(List<GroupAdvantages> groups, long currentVersion) {
        long start = System.nanoTime();
        GrpoBatch batch = GrpoBatch.of(groups, currentVersion);
        int context = policy.config().context();
        double loss = 0, low = 0, high = 0, dual = 0, kl = 0, entropy = 0, klRef = 0, ratioMean = 0, ratioMax = 0, gradientAbsMax = 0;
        long tokens = 0;
        int steps = 0;
        int skipped = 0;
        int recomputed = 0;
        int u;
        for (u = 0; u < config.updatesPerBatch(); u++) {
            boolean signal;
            try (NDManager m = trainer.getManager().newSubManager()) {
                SequenceBatch seq = SequenceBatch.of(m, batch.prompts(), batch.completions(), context);
                NDArray behaviour = seq.alignCompletionValues(m, batch.behaviourLogProbs());
                NDArray advantages = m.create(batch.advantages(), new Shape(batch.rows(), 1));
                NDArray mask = seq.targetMask();
                NDArray ref = reference == null ? null
                        : reference.tokenLogProbs(seq.ids(), seq.mask(), config.temperature()).stopGradient();
                SurrogateTerms.Values v;
                double h;
                PolicyForward f;
                NonFiniteStep.GradientScan scan = null;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    f = PolicyForward.of(policy, seq, config.temperature());
                    SurrogateTerms terms = surrogate.evaluate(f.logProbs(), behaviour, advantages, mask, ref);
                    v = terms.values();
                    if (!Double.isFinite(v.loss())) {
                        NonFiniteStep d = diagnose("loss", u, currentVersion, v.loss(), f, behaviour, mask, batch,
                                new NonFiniteStep.GradientScan.Builder().build(), null);
                        lastNonFinite = d;
                        LOG.error("GRPO {}", d.describe());
                        throw new IllegalStateException("GRPO loss is " + v.loss() + " at step " + u + " of the batch (lr "
                                + config.learningRate() + "); the policy was not stepped; " + d.describe());
                    }
                    h = f.entropy().mul(mask).sum().div(mask.sum().maximum(1f)).getFloat();
                    signal = !batch.allAdvantagesZero() || (config.beta() > 0 && v.klReference() > 0);
                    if (signal) {
                        gc.backward(terms.loss());
                        afterBackward.after(policy, 0);
                        scan = scanGradients();
                        gradientAbsMax = Math.max(gradientAbsMax, scan.absMax());
                    }
                }
                if (scan != null && scan.firstBad() != null) {
                    // A non-finite gradient would turn every weight into NaN through Adam. Compute it once more on
                    // the same weights and batch: a finite recomputation is what they define, and the step uses it;
                    // a non-finite one is reproducible, and the step is skipped rather than publish a broken policy.
                    clearOwnGradients();
                    Boolean again = recomputeGradient(seq, behaviour, advantages, mask, ref);
                    NonFiniteStep d = diagnose("gradient", u, currentVersion, v.loss(), f, behaviour, mask, batch, scan, again);
                    lastNonFinite = d;
                    if (Boolean.TRUE.equals(again)) {
                        recomputedSteps++;
                        recomputed++;
                        LOG.warn("GRPO step {} recomputed: {}", u, d.describe());
                    } else {
                        signal = false;
                        skippedSteps++;
                        skipped++;
                        LOG.warn("GRPO step {} skipped: {}", u, d.describe());
                    }
                }
                loss += v.loss();
                low += v.clipFractionLow();
                high += v.clipFractionHigh();
                dual += v.clipFractionDual();
                kl += v.approxKl();
                entropy += h;
                klRef += v.klReference();
                ratioMean += v.ratioMean();
                ratioMax = Math.max(ratioMax, v.ratioMax());
                tokens = Math.round(v.tokens());
            }
            if (!signal) {
                u++;
                break; // the gradient is exactly zero (or was discarded), and stays so for the remaining steps
            }
            trainer.step();
            steps++;
            String broken = nonFiniteWeight();
            if (broken != null) {
                throw new IllegalStateException("policy weight " + broken + " became non-finite after optimiser step " + u
                        + " (lr " + config.learningRate() + "); refusing to continue so no broken version is published");
            }
        }
        double n = u;
        return new UpdateMetrics(loss / n, low / n, high / n, dual / n, kl / n, entropy / n, reference == null ? Double.NaN : klRef / n,
                batch.advantageAbsMean(), batch.allIncorrectShare().share(), ratioMean / n, ratioMax, batch.stalenessMean(), batch.stalenessMax(), tokens,
                batch.rows(), batch.groups(), steps, skipped, recomputed, gradientAbsMax, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The forward and backward of the step once more, on the same weights and batch, in a collector of
     * its own. A deterministic overflow is non-finite again (its gradients are cleared); a finite
     * recomputation means the first gradient was not what the weights and the batch compute, and its
     * gradients stay for the optimiser step.
     *
     * @return whether the recomputed gradient is finite; null if the recomputation itself failed
     */
    private Boolean recomputeGradient(SequenceBatch seq, NDArray behaviour, NDArray advantages, NDArray mask, NDArray ref) {
        try {
            NonFiniteStep.GradientScan again;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                PolicyForward f = PolicyForward.of(policy, seq, config.temperature());
                gc.backward(surrogate.evaluate(f.logProbs(), behaviour, advantages, mask, ref).loss());
                afterBackward.after(policy, 1);
                again = scanGradients();
            }
            if (again.firstBad() == null) {
                return true;
            }
            clearOwnGradients();
            return false;
        } catch (RuntimeException e) {
            LOG.warn("recomputing the non-finite GRPO step failed: {}", e.toString());
            clearOwnGradients();
            return null;
        }
    }

    private NonFiniteStep diagnose(String kind, int step, long currentVersion, double loss, PolicyForward f, NDArray behaviour,
                                   NDArray mask, GrpoBatch batch, NonFiniteStep.GradientScan scan, Boolean replay) {
        return NonFiniteStep.of(kind, step, currentVersion, loss, f.logProbs().stopGradient().toFloatArray(), behaviour.toFloatArray(),
                mask.toFloatArray(), Math.toIntExact(mask.getShape().get(1)), batch.advantages(), ClippedSurrogate.LOG_RATIO_BOUND,
                batch, f.logits().toFloatArray(), scan, replay);
    }

    /** What the last step with a non-finite loss or gradient looked like, or null if there was none. */
    public NonFiniteStep lastNonFinite() {
        return lastNonFinite;
    }

    @Override
    public void close() {
        trainer.close();
    }
}
