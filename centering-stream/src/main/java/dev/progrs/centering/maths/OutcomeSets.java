package dev.progrs.centering.maths;

/**
 * The split of a prompt group by verified outcome: C = {i : R_i = 1} (correct) and
 * I = {i : R_i = 0} (incorrect). Outcomes are exactly 0 or 1 (docs/method.md, notation); anything else
 * is a broken record upstream and is refused rather than rounded.
 */
final class OutcomeSets {

    private OutcomeSets() {
    }

    /**
     * @param outcomes R_1..R_K
     * @return {@code correct[i] = (R_i == 1)}
     * @throws IllegalArgumentException if some R_i is neither 0 nor 1
     */
    static boolean[] correct(double[] outcomes) {
        boolean[] correct = new boolean[outcomes.length];
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == 1.0) {
                correct[i] = true;
            } else if (outcomes[i] != 0.0) {
                throw new IllegalArgumentException("outcome R_" + i + " must be 0 or 1, got " + outcomes[i]);
            }
        }
        return correct;
    }

    /** @return true when the group holds at least one correct and one incorrect sample */
    static boolean mixed(boolean[] correct) {
        boolean anyCorrect = false;
        boolean anyIncorrect = false;
        for (boolean c : correct) {
            anyCorrect |= c;
            anyIncorrect |= !c;
        }
        return anyCorrect && anyIncorrect;
    }

    /** @return mean of {@code values[i]} over the i with {@code correct[i] == wantCorrect}; 0 for an empty set */
    static double mean(double[] values, boolean[] correct, boolean wantCorrect) {
        double sum = 0.0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (correct[i] == wantCorrect) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }
}
