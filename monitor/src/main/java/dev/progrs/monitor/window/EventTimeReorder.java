package dev.progrs.monitor.window;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Holds joined groups until a watermark passes their event time, then releases them in event-time
 * order. Used when a stored history is read: a consumer fetches partitions in batches, so without
 * this one count window could hold groups from one partition spanning hours while another
 * partition's groups of the same hours land in later windows. The watermark is given by the
 * caller (the smallest event time reached on every partition still being read). Bounded: beyond
 * {@code maxHeld} groups the oldest is released early and counted. Not thread-safe.
 */
public final class EventTimeReorder {
    private record Held(JoinedGroup group, long seq) {
    }

    private final int maxHeld;
    private final PriorityQueue<Held> held = new PriorityQueue<>(
            Comparator.comparingLong((Held h) -> h.group().eventTimeMs()).thenComparingLong(Held::seq));
    private long seq;
    private long releasedEarly;

    /** @param maxHeld groups held at most (≥ 1) */
    public EventTimeReorder(int maxHeld) {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be >= 1, got " + maxHeld);
        }
        this.maxHeld = maxHeld;
    }

    /** Holds {@code group}; returns the groups released early because the buffer is full. */
    public List<JoinedGroup> add(JoinedGroup group) {
        held.add(new Held(group, seq++));
        List<JoinedGroup> out = new ArrayList<>(0);
        while (held.size() > maxHeld) {
            out.add(held.poll().group());
            releasedEarly++;
        }
        return out;
    }

    /** Releases every held group with event time ≤ {@code watermarkMs}, oldest first. */
    public List<JoinedGroup> release(long watermarkMs) {
        List<JoinedGroup> out = new ArrayList<>();
        while (!held.isEmpty() && held.peek().group().eventTimeMs() <= watermarkMs) {
            out.add(held.poll().group());
        }
        return out;
    }

    /** Releases everything, oldest first. */
    public List<JoinedGroup> drain() {
        return release(Long.MAX_VALUE);
    }

    /** @return groups held now */
    public int size() {
        return held.size();
    }

    /** @return groups released before the watermark reached them because the buffer was full */
    public long releasedEarly() {
        return releasedEarly;
    }
}
