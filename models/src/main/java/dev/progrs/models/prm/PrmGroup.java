package dev.progrs.models.prm;

import java.util.Arrays;
import java.util.List;

/**
 * PRM inputs that begin with the same {@code prefixLength} tokens (a GRPO group's prompt: the K
 * samples of one prompt), so that the prefix can be encoded once for all of them
 * ({@link ProcessRewardModel#scoreGroups}).
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
