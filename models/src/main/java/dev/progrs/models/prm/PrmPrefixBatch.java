package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Tensors of {@link PrmGroup}s for a forward pass that encodes each group's prefix once
 * ({@link PrmNetwork#quantilesAfterPrefix}). G groups, N sequences in all; group g's prefix has P_g
 * tokens, row n (of group g(n)) has R_n = length_n − P_g tokens after it.
 *
 * <pre>
 *   prefixIds, prefixMask   [G, P]      P = max_g P_g, LEFT-padded: the real prefix ends at column P − 1
 *   rowGroup                [N]         g(n), to copy a group's cached keys/values to each of its rows
 *   ids, responseMask       [N, R]      R = max_n R_n (≥ 1), right-padded
 *   positions               [N, R]      P_g(n) + j: the absolute position the token has in its own sequence
 *   keyMask                 [N, P + R]  prefixMask of g(n) · responseMask(n)
 *   selector                [N, S, R]   one-hot at b_t − P_g(n), S = max_n T_n (≥ 1)
 *   stepSpan, prefixSpan    [N, S, R]   {@link PrmBatch}'s spans shifted by −P_g(n) (they never reach the prefix)
 * </pre>
 * Left-padding the prefixes makes every response start at column P right after its real prefix, so
 * grid distance equals token distance from the response to the prefix (what ALiBi needs) and the
 * causal mask of the query block (queries at columns P..P+R−1) is the usual one.
 *
 * <p>Computed once per group: the prefix pass over {@code prefixIds} [G, P] (masked by
 * {@code prefixMask}), which fills the KV cache with [G, heads, P, d_head] per layer. Per row: the cache
 * rows gathered by {@code rowGroup} ([G, …] → [N, …]), then the response pass over {@code ids} [N, R] at
 * {@code positions}, keys masked by {@code keyMask} [N, P + R], and the head over
 * {@code selector × hidden} → [N, S, levels]. A pass thus runs G·P + N·R token positions instead of
 * the N·(P + R) of a plain {@link PrmBatch} of the same sequences.
 */
record PrmPrefixBatch(NDArray prefixIds, NDArray prefixMask, NDArray rowGroup, NDArray ids, NDArray positions,
                      NDArray keyMask, NDArray selector, int[] steps, NDArray stepSpan, NDArray prefixSpan) {

    static PrmPrefixBatch of(NDManager manager, List<PrmGroup> groups, int context) {
        int g = groups.size();
        int p = 1;
        int n = 0;
        for (PrmGroup group : groups) {
            p = Math.max(p, group.prefixLength());
            n += group.size();
        }
        int r = 1;
        int s = 1;
        int[] steps = new int[n];
        int row = 0;
        for (PrmGroup group : groups) {
            for (PrmSequence q : group.sequences()) {
                if (q.length() > context) {
                    throw new IllegalArgumentException("sequence " + row + " has " + q.length()
                            + " tokens, more than the PRM context of " + context);
                }
                r = Math.max(r, q.length() - group.prefixLength());
                s = Math.max(s, q.steps());
                steps[row++] = q.steps();
            }
        }
        long[] prefixIds = new long[g * p];
        long[] prefixMask = new long[g * p];
        long[] rowGroup = new long[n];
        long[] ids = new long[n * r];
        long[] positions = new long[n * r];
        long[] keyMask = new long[n * (p + r)];
        float[] selector = new float[n * s * r];
        float[] stepSpan = new float[n * s * r];
        float[] prefixSpan = new float[n * s * r];
        row = 0;
        for (int k = 0; k < g; k++) {
            PrmGroup group = groups.get(k);
            int pk = group.prefixLength();
            int pad = p - pk;
            int[] prefix = group.sequences().get(0).tokenIds();
            for (int i = 0; i < pk; i++) {
                prefixIds[k * p + pad + i] = prefix[i];
                prefixMask[k * p + pad + i] = 1;
            }
            for (PrmSequence q : group.sequences()) {
                rowGroup[row] = k;
                System.arraycopy(prefixMask, k * p, keyMask, row * (p + r), p);
                for (int j = 0; j < r; j++) {
                    // padding gets a valid position too (its outputs are never read)
                    positions[row * r + j] = Math.min(pk + j, context - 1);
                    if (pk + j < q.length()) {
                        ids[row * r + j] = q.tokenIds()[pk + j];
                        keyMask[row * (p + r) + p + j] = 1;
                    }
                }
                for (int t = 0; t < q.steps(); t++) {
                    int at = (row * s + t) * r;
                    selector[at + q.boundaries()[t] - pk] = 1f;
                    // spans start after the response's first token, so never inside the prefix (PrmGroup checks the start)
                    q.markSurpriseSpans(t, stepSpan, prefixSpan, at, pk);
                }
                row++;
            }
        }
        return new PrmPrefixBatch(manager.create(prefixIds, new Shape(g, p)), manager.create(prefixMask, new Shape(g, p)),
                manager.create(rowGroup, new Shape(n)), manager.create(ids, new Shape(n, r)),
                manager.create(positions, new Shape(n, r)), manager.create(keyMask, new Shape(n, p + r)),
                manager.create(selector, new Shape(n, s, r)), steps, manager.create(stepSpan, new Shape(n, s, r)),
                manager.create(prefixSpan, new Shape(n, s, r)));
    }

    int rows() {
        return steps.length;
    }
}
