package dev.progrs.models.prm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct members of a list of PRM sequences, and for each input row the distinct sequence it
 * equals. Two sequences are equal when their token ids, boundaries and response start are; a frozen PRM gives
 * equal sequences equal quantiles, so each distinct one is scored once and its result is copied to
 * every row that repeats it.
 *
 * <p>Within a GRPO group this is common: the K samples of one prompt are written in one fixed step
 * format, so every sample that solves the problem the same way is the same token sequence (on
 * policy-v1's own samples of the RL range, four per prompt, 57% of the rows repeat an earlier row of
 * their group).
 *
 * @param distinct the distinct sequences, in order of first appearance
 * @param source   for input row i, the index in {@code distinct} of the sequence it equals
 */
public record DistinctSequences(List<PrmSequence> distinct, int[] source) {

    /** Collapses {@code sequences} to its distinct members. */
    public static DistinctSequences of(List<PrmSequence> sequences) {
        Map<Key, Integer> seen = new HashMap<>();
        List<PrmSequence> distinct = new ArrayList<>();
        int[] source = new int[sequences.size()];
        for (int i = 0; i < sequences.size(); i++) {
            PrmSequence s = sequences.get(i);
            Integer at = seen.putIfAbsent(new Key(s), distinct.size());
            if (at == null) {
                source[i] = distinct.size();
                distinct.add(s);
            } else {
                source[i] = at;
            }
        }
        return new DistinctSequences(List.copyOf(distinct), source);
    }

    /** Per input row, the result of the distinct sequence it equals (the same array, not a copy). */
    public <T> List<T> expand(List<T> perDistinct) {
        if (perDistinct.size() != distinct.size()) {
            throw new IllegalArgumentException(perDistinct.size() + " results for " + distinct.size() + " distinct sequences");
        }
        List<T> out = new ArrayList<>(source.length);
        for (int i : source) {
            out.add(perDistinct.get(i));
        }
        return out;
    }

    /** Value equality of a sequence's token ids and boundaries. */
    private record Key(PrmSequence s) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(s.tokenIds(), k.s.tokenIds()) && Arrays.equals(s.boundaries(), k.s.boundaries())
                    && s.responseStart() == k.s.responseStart();
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(s.tokenIds()) + Arrays.hashCode(s.boundaries());
        }
    }
}
