package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.PrmSequence;
import dev.progrs.tasks.Problem;

/**
 * One warm-policy solution of a problem and, once labelled, the Monte-Carlo success counts of its
 * prefixes.
 *
 * @param problem     the problem
 * @param promptIds   {@code BOS · prompt · '\n'}
 * @param responseIds the sampled response without EOS
 * @param sequence    the PRM input (prompt + response) with one boundary per step
 * @param correct     verified outcome R of the whole response
 * @param successes   per step t: how many of the {@code continuations} completions from prefix t
 *                    ended correct; for the final step the outcome itself (R·M), since the solution is complete;
 *                    null until labelled
 * @param continuations M
 */
public record Rollout(Problem problem, int[] promptIds, int[] responseIds, PrmSequence sequence, boolean correct,
                      int[] successes, int continuations) {

    /** y_t = successes_t / M. */
    public double[] successRates() {
        double[] y = new double[successes.length];
        for (int t = 0; t < y.length; t++) {
            y[t] = successes[t] / (double) continuations;
        }
        return y;
    }

    public Rollout withLabels(int[] counts, int m) {
        return new Rollout(problem, promptIds, responseIds, sequence, correct, counts, m);
    }
}
