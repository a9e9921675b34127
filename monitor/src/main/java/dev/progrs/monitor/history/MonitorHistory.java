package dev.progrs.monitor.history;

import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.wire.DriftReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The latest closed windows and alerts, shared between the monitor loop (writer) and the HTTP
 * server and table (readers). Bounded: the oldest windows and alerts fall off. Thread-safe.
 */
public final class MonitorHistory {
    private final int capacity;
    private final ArrayDeque<WindowResult> windows = new ArrayDeque<>();
    private final ArrayDeque<DriftReport> alerts = new ArrayDeque<>();
    private long windowsSeen;

    /** @param capacity windows (and alerts) kept, ≥ 1 */
    public MonitorHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Appends a closed window and its alerts. */
    public synchronized void add(WindowResult result) {
        windows.addLast(result);
        windowsSeen++;
        while (windows.size() > capacity) {
            windows.removeFirst();
        }
        for (DriftReport a : result.alerts()) {
            alerts.addLast(a);
            while (alerts.size() > capacity) {
                alerts.removeFirst();
            }
        }
    }

    /** @return the kept windows, oldest first */
    public synchronized List<WindowResult> windows() {
        return new ArrayList<>(windows);
    }

    /** @return the kept alerts, oldest first */
    public synchronized List<DriftReport> alerts() {
        return new ArrayList<>(alerts);
    }

    /** @return every window ever added, including those that fell off */
    public synchronized long windowsSeen() {
        return windowsSeen;
    }
}
