package dev.progrs.cli.options;

import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.learner.loss.LossAggregation;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The GRPO update settings shared by {@code learner} and {@code run}, turned into one {@link GrpoConfig}
 * (which validates every field). Defaults are {@link GrpoConfig#defaults()}; {@code run} overrides some with
 * {@link TrainingDefaults}.
 */
public final class GrpoOptions {

    private static final GrpoConfig D = GrpoConfig.defaults();

    @Option(names = "--batch-groups", description = "B: prompt groups per update (default: ${DEFAULT-VALUE}).")
    int batchGroups = D.batchGroups();

    @Option(names = "--updates-per-batch", description = "U: optimiser steps on each batch (default: ${DEFAULT-VALUE}).")
    int updatesPerBatch = D.updatesPerBatch();

    @Option(names = "--lr", description = "Adam learning rate; above 2e-4 is accepted with a warning (default: ${DEFAULT-VALUE}).")
    float lr = D.learningRate();

    @Option(names = "--eps-low", description = "Lower clip 1 - eps-low of the importance ratio (default: ${DEFAULT-VALUE}).")
    double epsLow = D.epsLow();

    @Option(names = "--eps-high", description = "Upper clip 1 + eps-high of the importance ratio (default: ${DEFAULT-VALUE}).")
    double epsHigh = D.epsHigh();

    @Option(names = "--dual-clip", description = "Dual clip of negative-advantage tokens: off, or c > 1; their loss is capped at "
            + "c·|A|, so a stale token with ratio above c has no gradient (default: ${DEFAULT-VALUE}, as verl).")
    String dualClip = D.dualClip().configValue();

    @Option(names = "--loss-agg", description = "Loss aggregation: token-mean or seq-mean-token-mean (default: ${DEFAULT-VALUE}).")
    String lossAgg = D.lossAggregation().configName();

    @Option(names = "--beta", description = "Weight of the k3 KL to the reference policy; 0 = none (default: ${DEFAULT-VALUE}).")
    double beta = D.beta();

    @Option(names = "--max-staleness", description = "Policy versions a group may lag behind the learner; older groups are dropped "
            + "(default: ${DEFAULT-VALUE}; --sync forces 0).")
    long maxStaleness = D.maxStaleness();

    /**
     * @param temperature the generators' sampling temperature T, at which the ratio is evaluated
     * @throws IllegalArgumentException naming the first bad option, its value and what is accepted
     */
    public GrpoConfig config(float temperature) {
        return new GrpoConfig(epsLow, epsHigh, LossAggregation.fromName(lossAgg), beta, lr, batchGroups, updatesPerBatch,
                maxStaleness, temperature, DualClip.fromConfig(dualClip));
    }

    /** The warning a learning rate above 2e-4 earns, if any. */
    public Optional<String> learningRateWarning() {
        return GrpoConfig.learningRateWarning("--lr", lr);
    }
}
