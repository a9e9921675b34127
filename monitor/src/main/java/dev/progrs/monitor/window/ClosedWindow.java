package dev.progrs.monitor.window;

import java.util.List;
import java.util.Objects;

/**
 * A finished tumbling window: the groups in it and its event-time span.
 *
 * @param index   sequence number of the window (0, 1, 2, … in the order windows close)
 * @param kind    how it was formed
 * @param startMs event-time start: the window's lower bound (time) or its earliest group (count)
 * @param endMs   event-time end: the window's upper bound, exclusive (time) or its latest group (count)
 * @param groups  the joined groups, in arrival order
 */
public record ClosedWindow(long index, WindowKind kind, long startMs, long endMs, List<JoinedGroup> groups) {
    public ClosedWindow {
        Objects.requireNonNull(kind, "kind");
        groups = List.copyOf(groups);
    }
}
