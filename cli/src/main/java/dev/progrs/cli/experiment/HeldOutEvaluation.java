package dev.progrs.cli.experiment;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.pretrain.PassAtOne;
import dev.progrs.tasks.Problem;
import java.util.List;

/**
 * The experiment's held-out measurement: greedy Pass@1, and the mean over {@code samples} samples
 * per problem at the training temperature with one fixed seed (the same random streams for every
 * policy and arm, so differences come from the weights, not from sampling luck).
 */
final class HeldOutEvaluation {
    /** Seed of the held-out sampling streams; shared by every evaluation. */
    static final long SEED = 20261126L;
    private static final int BATCH = 64;

    private final List<Problem> problems;
    private final float temperature;
    private final int samples;

    /** @param samples samples per problem at {@code temperature}; 0 = greedy only (the primary metric is then greedy) */
    HeldOutEvaluation(List<Problem> problems, float temperature, int samples) {
        this.problems = List.copyOf(problems);
        this.temperature = temperature;
        this.samples = samples;
    }

    EvalPoint evaluate(PolicyModel policy, long rollouts) {
        PassAtOne greedy = PassAtOne.evaluate(policy, problems, BATCH);
        if (samples == 0) {
            return new EvalPoint(rollouts, greedy.correct(), greedy.total(), greedy.correct(), greedy.total());
        }
        PassAtOne sampled = PassAtOne.evaluateSampled(policy, problems, BATCH, SamplingConfig.sample(temperature, 1.0, 1, SEED), samples);
        return new EvalPoint(rollouts, sampled.correct(), sampled.total(), greedy.correct(), greedy.total());
    }

    /** How the primary metric is measured, for reports. */
    String describe() {
        return samples == 0 ? "greedy Pass@1" : String.format(java.util.Locale.ROOT, "Pass@1 as the mean over %d samples per problem at "
                + "temperature %.2f (fixed seed)", samples, temperature);
    }
}
