package dev.progrs.centering.replay;

/**
 * The set of group ids a replay emitted, as a Bloom filter of fixed size: restricting the baseline
 * stream to the replayed groups needs memory bounded by {@link #MAX_BITS} / 8 bytes whatever the
 * number of groups. A group that was not replayed passes with probability about
 * (1 − e^(−k·n/m))^k (n groups, m bits, k = {@value #HASHES}): about 10⁻⁵ while n ≤ m/32 (4 million
 * groups with the largest filter), 0.2 % at n = 10⁷. Never a false negative.
 */
final class GroupIdFilter {

    /** Largest filter: 2²⁷ bits = 16 MiB. */
    static final int MAX_BITS = 1 << 27;
    /** Hash functions (double hashing from one 64-bit hash). */
    static final int HASHES = 7;

    private final long[] words;
    private final long bits;

    /** @param expectedGroups how many ids will be added at most (sizes the filter to ~32 bits per id, within bounds) */
    GroupIdFilter(long expectedGroups) {
        long want = Math.max(1 << 12, Math.min(MAX_BITS, 32 * Math.max(1, expectedGroups)));
        this.bits = Long.highestOneBit(want - 1) << 1;
        this.words = new long[(int) (bits >>> 6)];
    }

    void add(String groupId) {
        long h = SampleKeyHash.of(groupId);
        long h2 = SampleKeyHash.mix(h + 0x9e3779b97f4a7c15L) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h + i * h2) & (bits - 1);
            words[(int) (bit >>> 6)] |= 1L << bit;
        }
    }

    boolean mightContain(String groupId) {
        long h = SampleKeyHash.of(groupId);
        long h2 = SampleKeyHash.mix(h + 0x9e3779b97f4a7c15L) | 1;
        for (int i = 0; i < HASHES; i++) {
            long bit = (h + i * h2) & (bits - 1);
            if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }
}
