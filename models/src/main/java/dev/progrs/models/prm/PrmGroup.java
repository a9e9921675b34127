package dev.progrs.models.prm;

import java.util.Arrays;
import java.util.List;

/**
 * PRM inputs that begin with the same {@code prefixLength} tokens (a GRPO group's prompt: the K
 * samples of one prompt), so that the prefix can be encoded once for all of them
 * ({@link ProcessRewardModel#scoreGroups}).
 *
 * <p><b>What is computed once, what per row.</b> For a group of N sequences with a P-token prefix
 * and R_n tokens after it (row n):
 * <ul>
 *   <li>once per group: the prefix pass — the P prefix tokens through every layer, causal
 *       self-attention among themselves, keeping each layer's keys and values K_l, V_l ∈ ℝ^{P×d}
 *       (a KV cache); the prefix's own outputs are not needed, since every boundary lies after it;</li>
 *   <li>per row: a copy of the group's K_l, V_l, and the response pass — its R_n tokens through every
 *       layer at positions P..P+R_n−1, each attending to the P cached prefix keys and causally to the
 *       row's earlier response tokens; the quantile head reads the row's boundaries.</li>
 * </ul>
 * One at a time, the group costs N·P + Σ R_n tokens through the network; with the prefix shared,
 * P + Σ R_n (attention still spans P + R_n keys per response token). Causal attention makes the
 * prefix's keys and values independent of what follows it, so the quantiles are the same up to float
 * rounding. Rows that repeat another row of the group token for token are scored once
 * ({@link DistinctSequences}), so Σ R_n runs over the distinct rows.
 *
 * <p>Every boundary must lie at or after the prefix: the quantiles are read from hidden states
 * computed in the pass over the part after the prefix (the response). {@link PrmSequence#of} puts
 * every boundary in the response, so the prompt's length always qualifies.
 *
 * @param prefixLength P ≥ 1, the number of shared leading tokens
 * @param sequences    at least one; each holds ≥ P tokens whose first P equal the first sequence's
 */
public record PrmGroup(int prefixLength, List<PrmSequence> sequences) {

    public PrmGroup {
        sequences = List.copyOf(sequences);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a PRM group needs at least one sequence");
        }
        int[] first = sequences.get(0).tokenIds();
        if (prefixLength < 1 || prefixLength > first.length) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " must be in [1, " + first.length
                    + "] (the first sequence's length)");
        }
        for (int r = 0; r < sequences.size(); r++) {
            PrmSequence s = sequences.get(r);
            if (s.length() < prefixLength
                    || !Arrays.equals(s.tokenIds(), 0, prefixLength, first, 0, prefixLength)) {
                throw new IllegalArgumentException("sequence " + r + " of the group does not begin with the group's "
                        + prefixLength + "-token prefix");
            }
            if (s.responseStart() != PrmSequence.UNKNOWN_START && s.responseStart() < prefixLength) {
                throw new IllegalArgumentException("sequence " + r + " starts its response at position " + s.responseStart()
                        + ", inside the shared prefix of " + prefixLength + " tokens; accepted: a response start >= the prefix length");
            }
            if (s.steps() > 0 && s.boundaries()[0] < prefixLength) {
                throw new IllegalArgumentException("sequence " + r + " has a step boundary at position " + s.boundaries()[0]
                        + ", inside the shared prefix of " + prefixLength + " tokens; accepted: boundaries >= the prefix length");
            }
        }
    }

    /** The shared prefix's token ids. */
    public int[] prefix() {
        return Arrays.copyOf(sequences.get(0).tokenIds(), prefixLength);
    }

    public int size() {
        return sequences.size();
    }
}
