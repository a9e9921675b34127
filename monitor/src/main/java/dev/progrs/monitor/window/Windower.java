package dev.progrs.monitor.window;

import java.util.List;

/** Cuts the stream of joined groups into tumbling windows. Not thread-safe. */
public interface Windower {
    /** Adds a group; returns the windows that closed because of it, oldest first. */
    List<ClosedWindow> add(JoinedGroup group);

    /** Closes every open non-empty window (end of a bounded read), oldest first. */
    List<ClosedWindow> flush();

    /** @return groups dropped because their window had already closed (time windows only) */
    long lateGroups();

    /** Builds the windower a configuration asks for. */
    static Windower of(WindowKind kind, int groupsPerWindow, long windowMs, long allowedLatenessMs) {
        return switch (kind) {
            case COUNT -> new CountWindower(groupsPerWindow);
            case TIME -> new TimeWindower(windowMs, allowedLatenessMs);
        };
    }
}
