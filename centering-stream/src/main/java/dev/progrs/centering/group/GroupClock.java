package dev.progrs.centering.group;

/**
 * The time a task's group deadlines are measured in: it advances only with the task's input, so an
 * outage — of the broker, the scorer or the stream itself — cannot by itself close a group.
 *
 * <pre>
 *   first record:              c = t₁, last = t₁
 *   record with timestamp t:   gap = t − last
 *                              gap &gt; 0:          c += min(gap, G),  last = t
 *                              −G ≤ gap ≤ 0:      nothing            (jitter, reordering: never counted twice)
 *                              gap &lt; −G:         last = t           (a new baseline after a timestamp far ahead)
 * </pre>
 *
 * with G = {@code max-input-gap}. Between records whose timestamps are at most G apart, c follows the
 * record timestamps (the scorer's send time); a silence of any length counts as at most G. A group
 * whose samples straddle an outage therefore ages by at most G for the outage, and the input that
 * arrives afterwards brings its missing samples first (a group lives in one partition, in order).
 * The clock never goes back. A single record stamped far in the future moves it by at most G and is
 * then taken as the baseline only until a record with a normal timestamp arrives.
 *
 * <p>Pure and deterministic in the record timestamps: a re-processing after an exactly-once abort, a
 * restore from the changelog and a replay of a stored topic close the same groups. Not thread-safe,
 * one per task.
 */
public final class GroupClock {

    private final long maxGapMs;
    private long now = -1;
    private long last;

    /** @param maxGapMs G, the most a gap between two input records counts for (&gt; 0) */
    public GroupClock(long maxGapMs) {
        if (maxGapMs <= 0) {
            throw new IllegalArgumentException("maxGapMs must be > 0, was " + maxGapMs);
        }
        this.maxGapMs = maxGapMs;
    }

    /** Continues from a saved state ({@link #now()}, {@link #lastTimestamp()}). */
    public void restore(long now, long lastTimestamp) {
        this.now = now;
        this.last = lastTimestamp;
    }

    /** @return true once a record was seen or a state restored */
    public boolean started() {
        return now >= 0;
    }

    /**
     * @param timestampMs the record timestamp of the next input record (&ge; 0)
     * @return the clock after it
     */
    public long advance(long timestampMs) {
        if (now < 0) {
            now = Math.max(0, timestampMs);
            last = timestampMs;
            return now;
        }
        long gap = timestampMs - last;
        if (gap > 0) {
            now += Math.min(gap, maxGapMs);
            last = timestampMs;
        } else if (gap < -maxGapMs) {
            last = timestampMs;
        }
        return now;
    }

    /** @return the clock (−1 before the first record) */
    public long now() {
        return now;
    }

    /** @return the timestamp the next gap is measured from */
    public long lastTimestamp() {
        return last;
    }
}
