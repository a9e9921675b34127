package dev.progrs.centering.replay;

/**
 * A 64-bit hash of a sample's identity (group id, sample index): FNV-1a over the characters, then
 * the MurmurHash3 finaliser so that every bit depends on every input bit. Two streams of the same
 * groups hash the same samples to the same values, which is what lets bounded samples of two
 * streams be matched.
 */
final class SampleKeyHash {

    private SampleKeyHash() {
    }

    static long of(String groupId, int sampleIndex) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < groupId.length(); i++) {
            h = (h ^ groupId.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ 0x1f) * 0x100000001b3L; // separator, so "g1" + 23 differs from "g12" + 3
        h = (h ^ sampleIndex) * 0x100000001b3L;
        return mix(h);
    }

    static long of(String groupId) {
        return of(groupId, -1);
    }

    /** MurmurHash3 fmix64. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53e87c5L;
        h ^= h >>> 33;
        return h;
    }
}
