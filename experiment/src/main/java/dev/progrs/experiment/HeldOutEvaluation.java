package dev.progrs.experiment;

import dev.progrs.models.eval.HeldOutScore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.tasks.Problem;
import java.util.List;

/**
 * The experiment's held-out measurement ({@link HeldOutScore}): the primary Pass@1 is the mean over
 * {@code samples} samples per problem at the training temperature (greedy when 0); greedy is always
 * measured too.
 */
final class HeldOutEvaluation {
    private final List<Problem> problems;
    private final float temperature;
    private final int samples;

    HeldOutEvaluation(List<Problem> problems, float temperature, int samples) {
        this.problems = List.copyOf(problems);
        this.temperature = temperature;
        this.samples = samples;
    }

    EvalPoint evaluate(PolicyModel policy, long rollouts) {
        HeldOutScore s = HeldOutScore.of(policy, problems, temperature, samples);
        return new EvalPoint(rollouts, s.primary().correct(), s.primary().total(), s.greedy().correct(), s.greedy().total(),
                s.primary().correctPerProblem(samples == 0 ? 1 : samples), s.greedy().correctPerProblem(1));
    }

    /** How the primary metric is measured, for reports. */
    String describe() {
        return samples == 0 ? "greedy Pass@1" : HeldOutScore.describeSampled(samples, temperature);
    }
}
