package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Several {@link PrmSequence}s as one right-padded batch for a single forward pass.
 *
 * <pre>
 *   ids(b, i)          = token i of sequence b, PAD beyond its length          [B, L]
 *   mask(b, i)         = 1 for i &lt; length_b                                    [B, L]
 *   selector(b, t, i)  = 1 if i = b_t (boundary t of sequence b), else 0       [B, S, L]   S = max_b T_b (≥ 1)
 *   stepMask(b, t)     = 1 for t &lt; T_b                                         [B, S]
 *   stepSpan(b, t, i)  = 1 for surpriseSpanStart(t) ≤ i ≤ b_t                  [B, S, L]   the tokens of step t
 *   prefixSpan(b, t, i)= 1 for surpriseSpanStart(0) ≤ i ≤ b_t                  [B, S, L]   the response so far
 * </pre>
 * (The two spans are what a token-surprise head reads, {@link PrmNetwork}; see {@link PrmSequence#surpriseSpanStart}.)
 * {@code selector · hidden} picks the hidden state at each boundary ([B, S, d]); padded slots
 * select nothing (a zero vector) and are masked out of every loss and never read.
 */
public record PrmBatch(NDArray ids, NDArray mask, NDArray selector, NDArray stepMask, int[] steps, NDArray stepSpan,
                       NDArray prefixSpan) {

    /**
     * @param context the PRM's context; a longer sequence is refused naming its index
     */
    public static PrmBatch of(NDManager manager, List<PrmSequence> sequences, int context) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a PRM batch needs at least one sequence");
        }
        int b = sequences.size();
        int len = 1;
        int s = 1;
        int[] steps = new int[b];
        for (int r = 0; r < b; r++) {
            PrmSequence q = sequences.get(r);
            if (q.length() > context) {
                throw new IllegalArgumentException("sequence " + r + " has " + q.length()
                        + " tokens, more than the PRM context of " + context);
            }
            len = Math.max(len, q.length());
            s = Math.max(s, q.steps());
            steps[r] = q.steps();
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        float[] selector = new float[b * s * len];
        float[] stepMask = new float[b * s];
        float[] stepSpan = new float[b * s * len];
        float[] prefixSpan = new float[b * s * len];
        for (int r = 0; r < b; r++) {
            PrmSequence q = sequences.get(r);
            for (int i = 0; i < q.length(); i++) {
                ids[r * len + i] = q.tokenIds()[i];
                mask[r * len + i] = 1;
            }
            for (int t = 0; t < q.steps(); t++) {
                selector[(r * s + t) * len + q.boundaries()[t]] = 1f;
                stepMask[r * s + t] = 1f;
                q.markSurpriseSpans(t, stepSpan, prefixSpan, (r * s + t) * len, 0);
            }
        }
        return new PrmBatch(manager.create(ids, new Shape(b, len)), manager.create(mask, new Shape(b, len)),
                manager.create(selector, new Shape(b, s, len)), manager.create(stepMask, new Shape(b, s)), steps,
                manager.create(stepSpan, new Shape(b, s, len)), manager.create(prefixSpan, new Shape(b, s, len)));
    }

    /** Per-step labels on the [B, S] grid (row b: T_b labels, NaN = unlabelled → weight 0). */
    public NDArray[] labelsAndWeights(NDManager manager, List<double[]> labels) {
        int b = steps.length;
        int s = (int) stepMask.getShape().get(1);
        if (labels.size() != b) {
            throw new IllegalArgumentException("need " + b + " label rows, got " + labels.size());
        }
        float[] y = new float[b * s];
        float[] w = new float[b * s];
        for (int r = 0; r < b; r++) {
            double[] l = labels.get(r);
            if (l.length != steps[r]) {
                throw new IllegalArgumentException("row " + r + ": " + l.length + " labels for " + steps[r] + " steps");
            }
            for (int t = 0; t < l.length; t++) {
                if (!Double.isNaN(l[t])) {
                    if (l[t] < 0 || l[t] > 1) {
                        throw new IllegalArgumentException("row " + r + " step " + (t + 1) + ": label " + l[t] + " outside [0, 1]");
                    }
                    y[r * s + t] = (float) l[t];
                    w[r * s + t] = 1f;
                }
            }
        }
        return new NDArray[] {manager.create(y, new Shape(b, s)), manager.create(w, new Shape(b, s))};
    }

    public int rows() {
        return steps.length;
    }
}
