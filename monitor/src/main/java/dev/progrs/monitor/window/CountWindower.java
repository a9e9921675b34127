package dev.progrs.monitor.window;

import java.util.ArrayList;
import java.util.List;

/**
 * Tumbling windows of a fixed number of groups, in the order the groups were joined. A window's
 * event-time span is the min and max event time of its groups.
 */
public final class CountWindower implements Windower {
    private final int groupsPerWindow;
    private final List<JoinedGroup> open = new ArrayList<>();
    private long nextIndex;

    /** @param groupsPerWindow groups per window, ≥ 1 */
    public CountWindower(int groupsPerWindow) {
        if (groupsPerWindow < 1) {
            throw new IllegalArgumentException("groupsPerWindow must be >= 1, got " + groupsPerWindow);
        }
        this.groupsPerWindow = groupsPerWindow;
    }

    @Override
    public List<ClosedWindow> add(JoinedGroup group) {
        open.add(group);
        if (open.size() < groupsPerWindow) {
            return List.of();
        }
        return List.of(close());
    }

    @Override
    public List<ClosedWindow> flush() {
        return open.isEmpty() ? List.of() : List.of(close());
    }

    @Override
    public long lateGroups() {
        return 0;
    }

    private ClosedWindow close() {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (JoinedGroup g : open) {
            start = Math.min(start, g.eventTimeMs());
            end = Math.max(end, g.eventTimeMs());
        }
        ClosedWindow w = new ClosedWindow(nextIndex++, WindowKind.COUNT, start, end, open);
        open.clear();
        return w;
    }
}
