package dev.progrs.centering.replay;

import java.util.Map;
import java.util.TreeMap;

/**
 * A bounded sample of one stream's advantages that two streams draw alike: the samples whose key
 * hash ({@link SampleKeyHash}) is among the {@code capacity} smallest (a bottom-k sketch). Streams
 * over the same groups therefore keep the same samples, so rank correlations and histograms over
 * the sample need memory O(capacity) at any topic size, and are exact while a stream has at most
 * {@code capacity} samples.
 */
final class KeyedAdvantageSample {

    private final int capacity;
    private final TreeMap<Long, Double> kept = new TreeMap<>(Long::compareUnsigned);
    private long offered;

    KeyedAdvantageSample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    void add(String groupId, int sampleIndex, double advantage) {
        offered++;
        long h = SampleKeyHash.of(groupId, sampleIndex);
        if (kept.size() < capacity) {
            kept.put(h, advantage);
        } else if (Long.compareUnsigned(h, kept.lastKey()) < 0) {
            kept.put(h, advantage);
            if (kept.size() > capacity) {
                kept.pollLastEntry();
            }
        } else if (h == kept.lastKey()) {
            kept.put(h, advantage); // a repeated sample: the later copy wins, as in a map by key
        }
    }

    /** @return samples offered (repeats included) */
    long offered() {
        return offered;
    }

    /** @return true while every distinct sample offered is kept */
    boolean exact() {
        return kept.size() < capacity || offered <= capacity;
    }

    /** @return key hash → advantage of the kept samples */
    Map<Long, Double> kept() {
        return kept;
    }

    double[] advantages() {
        return kept.values().stream().mapToDouble(Double::doubleValue).toArray();
    }
}
