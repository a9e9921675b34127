package dev.progrs.centering.maths;

/**
 * Outcome dominance (docs/method.md §4): in a group with both outcomes every correct sample's advantage
 * should exceed every incorrect one's. The violation count is
 *
 * <pre>
 *   V = |{ (c, i) : R_c = 1, R_i = 0, A_c ≤ A_i }|
 * </pre>
 *
 * so 0 ≤ V ≤ |C|·|I|, and V = 0 for a group with a single outcome (no pairs).
 */
public final class OutcomeDominance {

    private OutcomeDominance() {
    }

    /**
     * @param outcomes   R_1..R_K, each 0 or 1
     * @param advantages A_1..A_K
     * @return V, the number of (correct, incorrect) pairs with A_c ≤ A_i
     */
    public static int violations(double[] outcomes, double[] advantages) {
        if (outcomes.length != advantages.length) {
            throw new IllegalArgumentException(outcomes.length + " outcomes but " + advantages.length + " advantages");
        }
        boolean[] correct = OutcomeSets.correct(outcomes);
        int count = 0;
        for (int c = 0; c < correct.length; c++) {
            if (!correct[c]) {
                continue;
            }
            for (int i = 0; i < correct.length; i++) {
                if (!correct[i] && advantages[c] <= advantages[i]) {
                    count++;
                }
            }
        }
        return count;
    }
}
