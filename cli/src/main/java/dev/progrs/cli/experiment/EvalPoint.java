package dev.progrs.cli.experiment;

/**
 * Held-out Pass@1 after {@code rollouts} training samples, in the experiment's primary metric (mean
 * over n samples per problem at the training temperature, or greedy when n = 0) and greedy.
 *
 * @param rollouts      samples trained on so far (for the supervised control: sequences trained on)
 * @param correct       correct answers in the primary metric
 * @param total         answers in the primary metric (problems × n)
 * @param greedyCorrect problems solved by greedy decoding
 * @param greedyTotal   problems evaluated greedily
 */
public record EvalPoint(long rollouts, int correct, int total, int greedyCorrect, int greedyTotal) {

    /** Primary Pass@1 = correct / total. */
    public double passAtOne() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Greedy Pass@1 = greedyCorrect / greedyTotal. */
    public double greedyPassAtOne() {
        return greedyTotal == 0 ? Double.NaN : (double) greedyCorrect / greedyTotal;
    }
}
