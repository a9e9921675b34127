package dev.progrs.scorer.scoring;

import dev.progrs.models.prm.PrmSequence;
import dev.progrs.wire.Trajectory;
import java.util.List;

/**
 * The PRM input of a wire {@link Trajectory}: {@code promptTokenIds · responseTokenIds} (trailing
 * EOS dropped), a boundary per step from {@code stepTokenEnds}, or, when that is empty, at each
 * newline of the response (the built-in suite's one-step-per-line format).
 */
public final class PrmInputs {

    private PrmInputs() {
    }

    /**
     * @throws InvalidTrajectoryException when the step boundaries do not match {@code steps}, or the
     *                                    sequence does not fit the PRM
     */
    public static PrmSequence of(Trajectory t, int newlineId, int vocabSize, int context) {
        int[] prompt = ints(t.getPromptTokenIds());
        int[] response = ints(t.getResponseTokenIds());
        int[] ends = ints(t.getStepTokenEnds());
        if (prompt.length == 0) {
            throw new InvalidTrajectoryException("promptTokenIds is empty; the PRM needs at least BOS");
        }
        for (int[] part : new int[][] {prompt, response}) {
            for (int id : part) {
                if (id < 0 || id >= vocabSize) {
                    throw new InvalidTrajectoryException("token id " + id + " is outside the PRM vocabulary [0, " + vocabSize + ")");
                }
            }
        }
        PrmSequence seq;
        try {
            seq = PrmSequence.of(prompt, response, ends, newlineId);
        } catch (IllegalArgumentException e) {
            throw new InvalidTrajectoryException("step boundaries: " + e.getMessage());
        }
        int steps = t.getSteps().size();
        if (seq.steps() != steps) {
            throw new InvalidTrajectoryException((ends.length > 0 ? "stepTokenEnds" : "the response's newlines")
                    + " give " + seq.steps() + " step boundaries for " + steps + " steps");
        }
        if (seq.length() > context) {
            throw new InvalidTrajectoryException("prompt + response = " + seq.length() + " tokens exceeds the PRM context of " + context);
        }
        return seq;
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
