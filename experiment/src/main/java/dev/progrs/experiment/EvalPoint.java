package dev.progrs.experiment;

/**
 * Held-out Pass@1 after {@code rollouts} training samples, in the experiment's primary metric (mean
 * over n samples per problem at the training temperature, or greedy when n = 0) and greedy.
 *
 * @param rollouts      samples trained on so far (for the supervised control: sequences trained on)
 * @param correct       correct answers in the primary metric
 * @param total         answers in the primary metric (problems × n)
 * @param greedyCorrect problems solved by greedy decoding
 * @param greedyTotal   problems evaluated greedily
 * @param primaryPerProblem correct answers of each held-out problem in the primary metric (0..n; 0/1 when greedy),
 *                          in the evaluation set's order; null in runs stored before it was recorded
 * @param greedyPerProblem  1 where greedy decoding solved the problem, else 0; null when not recorded
 */
public record EvalPoint(long rollouts, int correct, int total, int greedyCorrect, int greedyTotal, int[] primaryPerProblem,
                        int[] greedyPerProblem) {

    /** Answers per problem in the primary metric: total / problems (1 when greedy). */
    public int answersPerProblem() {
        return greedyTotal == 0 ? 1 : total / greedyTotal;
    }

    /** Whether per-problem results are stored (needed by the paired bootstrap). */
    public boolean hasPerProblem() {
        return primaryPerProblem != null && greedyPerProblem != null;
    }

    /** Primary Pass@1 = correct / total. */
    public double passAtOne() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Greedy Pass@1 = greedyCorrect / greedyTotal. */
    public double greedyPassAtOne() {
        return greedyTotal == 0 ? Double.NaN : (double) greedyCorrect / greedyTotal;
    }
}
