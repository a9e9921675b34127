package dev.progrs.models.prm;

/**
 * A labelled PRM input: per step t the target y_t ∈ [0, 1] (a Monte-Carlo success rate), or NaN
 * for a step without a label (it gets weight 0 in the loss).
 */
public record PrmExample(PrmSequence sequence, double[] labels) {

    public PrmExample {
        if (labels.length != sequence.steps()) {
            throw new IllegalArgumentException(labels.length + " labels for a sequence of " + sequence.steps() + " steps");
        }
        for (int t = 0; t < labels.length; t++) {
            if (!Double.isNaN(labels[t]) && !(labels[t] >= 0 && labels[t] <= 1)) {
                throw new IllegalArgumentException("label of step " + (t + 1) + " = " + labels[t] + "; accepted: a value in [0, 1] or NaN");
            }
        }
    }

    /** Number of labelled (non-NaN) steps. */
    public int labelled() {
        int n = 0;
        for (double y : labels) {
            if (!Double.isNaN(y)) {
                n++;
            }
        }
        return n;
    }
}
