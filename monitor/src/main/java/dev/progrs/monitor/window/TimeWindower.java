package dev.progrs.monitor.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling event-time windows [k·size, (k+1)·size) on the groups' event times (epoch-aligned).
 * The watermark is the largest event time seen minus the allowed lateness; a window closes when
 * its end is at or below the watermark. A group whose window already closed is dropped and
 * counted ({@link #lateGroups()}). Windows without groups are never emitted.
 */
public final class TimeWindower implements Windower {
    private final long sizeMs;
    private final long allowedLatenessMs;
    private final TreeMap<Long, List<JoinedGroup>> open = new TreeMap<>();
    private long maxEventTime = Long.MIN_VALUE;
    private long closedUpTo = Long.MIN_VALUE;
    private long nextIndex;
    private long late;

    /**
     * @param sizeMs            window length, ≥ 1 ms
     * @param allowedLatenessMs how far behind the largest event time a group may arrive, ≥ 0
     */
    public TimeWindower(long sizeMs, long allowedLatenessMs) {
        if (sizeMs < 1) {
            throw new IllegalArgumentException("sizeMs must be >= 1, got " + sizeMs);
        }
        if (allowedLatenessMs < 0) {
            throw new IllegalArgumentException("allowedLatenessMs must be >= 0, got " + allowedLatenessMs);
        }
        this.sizeMs = sizeMs;
        this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public List<ClosedWindow> add(JoinedGroup group) {
        long t = group.eventTimeMs();
        long start = Math.floorDiv(t, sizeMs) * sizeMs;
        if (start < closedUpTo) {
            late++;
            return List.of();
        }
        open.computeIfAbsent(start, k -> new ArrayList<>()).add(group);
        maxEventTime = Math.max(maxEventTime, t);
        long watermark = maxEventTime - allowedLatenessMs;
        List<ClosedWindow> out = new ArrayList<>();
        while (!open.isEmpty() && open.firstKey() + sizeMs <= watermark) {
            out.add(closeFirst());
        }
        return out;
    }

    @Override
    public List<ClosedWindow> flush() {
        List<ClosedWindow> out = new ArrayList<>();
        while (!open.isEmpty()) {
            out.add(closeFirst());
        }
        return out;
    }

    @Override
    public long lateGroups() {
        return late;
    }

    private ClosedWindow closeFirst() {
        Map.Entry<Long, List<JoinedGroup>> e = open.pollFirstEntry();
        long start = e.getKey();
        closedUpTo = start + sizeMs;
        return new ClosedWindow(nextIndex++, WindowKind.TIME, start, start + sizeMs, e.getValue());
    }
}
