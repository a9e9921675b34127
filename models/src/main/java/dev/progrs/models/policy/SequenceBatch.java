package dev.progrs.models.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Prompt + completion rows, right-padded, aligned with {@link PolicyModel#tokenLogProbs}.
 *
 * <pre>
 *   row b:  ids(b, ·) = prompt_b · completion_b · PAD…          length L = max_b (P_b + C_b)
 *   mask(b, t)        = 1 for t &lt; P_b + C_b
 *   targetMask(b, t)  = 1 for P_b − 1 ≤ t &lt; P_b + C_b − 1     (shape [B, L−1]: next token t+1 is a completion token)
 * </pre>
 * So {@code Σ_t targetMask · tokenLogProbs} is {@code log π(completion | prompt)}, and
 * {@link #alignCompletionValues} places per-completion-token values (behaviour log-probs,
 * advantages) on the same [B, L−1] grid.
 *
 * @param ids             [B, L] int64
 * @param mask            [B, L] int64 padding mask
 * @param targetMask      [B, L−1] float32 1 on completion targets
 * @param promptLengths   P_b
 * @param completionLengths C_b
 */
public record SequenceBatch(NDArray ids, NDArray mask, NDArray targetMask, int[] promptLengths, int[] completionLengths) {

    /**
     * @param manager     where the arrays are created (e.g. the step's sub-manager)
     * @param prompts     prompt ids (BOS included), one per row
     * @param completions completion ids (EOS included when produced), one per row, each non-empty
     * @param context     the policy context; a longer row is refused naming its index
     */
    public static SequenceBatch of(NDManager manager, List<int[]> prompts, List<int[]> completions, int context) {
        if (prompts.size() != completions.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("need as many prompts as completions (and at least one): "
                    + prompts.size() + " vs " + completions.size());
        }
        int b = prompts.size();
        int[] pl = new int[b];
        int[] cl = new int[b];
        int len = 0;
        for (int r = 0; r < b; r++) {
            pl[r] = prompts.get(r).length;
            cl[r] = completions.get(r).length;
            if (pl[r] < 1 || cl[r] < 1) {
                throw new IllegalArgumentException("row " + r + ": prompt (" + pl[r] + ") and completion (" + cl[r]
                        + ") must each hold at least one token");
            }
            if (pl[r] + cl[r] > context) {
                throw new IllegalArgumentException("row " + r + ": prompt + completion = " + (pl[r] + cl[r])
                        + " tokens exceeds the policy context " + context);
            }
            len = Math.max(len, pl[r] + cl[r]);
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        float[] target = new float[b * (len - 1)];
        for (int r = 0; r < b; r++) {
            int[] p = prompts.get(r);
            int[] c = completions.get(r);
            for (int j = 0; j < p.length; j++) {
                ids[r * len + j] = p[j];
            }
            for (int j = 0; j < c.length; j++) {
                ids[r * len + p.length + j] = c[j];
            }
            for (int j = 0; j < p.length + c.length; j++) {
                mask[r * len + j] = 1;
            }
            for (int t = p.length - 1; t < p.length + c.length - 1; t++) {
                target[r * (len - 1) + t] = 1f;
            }
        }
        return new SequenceBatch(manager.create(ids, new Shape(b, len)), manager.create(mask, new Shape(b, len)),
                manager.create(target, new Shape(b, len - 1)), pl, cl);
    }

    /**
     * Per-completion-token values (row b: C_b values) placed on the [B, L−1] target grid, zeros elsewhere.
     */
    public NDArray alignCompletionValues(NDManager manager, List<float[]> values) {
        int b = promptLengths.length;
        if (values.size() != b) {
            throw new IllegalArgumentException("need " + b + " rows of values, got " + values.size());
        }
        int width = (int) targetMask.getShape().get(1);
        float[] out = new float[b * width];
        for (int r = 0; r < b; r++) {
            float[] v = values.get(r);
            if (v.length != completionLengths[r]) {
                throw new IllegalArgumentException("row " + r + ": " + v.length + " values for a completion of "
                        + completionLengths[r] + " tokens");
            }
            System.arraycopy(v, 0, out, r * width + promptLengths[r] - 1, v.length);
        }
        return manager.create(out, new Shape(b, width));
    }

    public int rows() {
        return promptLengths.length;
    }
}
