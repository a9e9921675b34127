package dev.progrs.monitor.engine;

import dev.progrs.monitor.drift.DriftAlerts;
import dev.progrs.monitor.drift.SignalDrift;
import dev.progrs.monitor.window.ClosedWindow;
import dev.progrs.monitor.window.EventTimeReorder;
import dev.progrs.monitor.window.GroupJoin;
import dev.progrs.monitor.window.GroupObservation;
import dev.progrs.monitor.window.JoinedGroup;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.monitor.window.WindowStatistics;
import dev.progrs.monitor.window.Windower;
import dev.progrs.wire.DriftReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The monitor without Kafka: join → tumbling windows → window signals → drift detectors.
 * Observations go in, closed windows with their alerts come out. Not thread-safe: one loop feeds it.
 */
public final class MonitorEngine {
    private final MonitorConfig config;
    private final GroupJoin join;
    private final Windower windower;
    private final WindowStatistics statistics = new WindowStatistics();
    private final SignalDrift drift;
    private final LongSupplier clock;
    private EventTimeReorder reorder;

    /**
     * @param config the validated configuration
     * @param clock  wall clock (ms) stamped on alerts
     */
    public MonitorEngine(MonitorConfig config, LongSupplier clock) {
        this.config = config;
        this.join = new GroupJoin(config.joinGraceGroups(), config.maxPendingGroups());
        this.windower = Windower.of(config.windowKind(), config.groupsPerWindow(), config.windowMs(),
                config.allowedLatenessMs());
        this.drift = new SignalDrift(config.drift());
        this.clock = clock;
    }

    /**
     * From now on, hold joined groups until {@link #advanceWatermark} passes their event time and
     * window them in event-time order (for reading a stored history; see {@link EventTimeReorder});
     * a group also waits for its scored samples until the watermark passes it
     * ({@link GroupJoin#waitForWatermark()}).
     * Without this, groups are windowed in the order they are joined (the live default).
     */
    public void holdForWatermark() {
        if (reorder == null) {
            reorder = new EventTimeReorder(config.maxPendingGroups());
            join.waitForWatermark();
        }
    }

    /** Releases held groups with event time ≤ {@code watermarkMs}; returns the windows they closed. */
    public List<WindowResult> advanceWatermark(long watermarkMs) {
        if (reorder == null) {
            return List.of();
        }
        List<WindowResult> out = new ArrayList<>(windows(join.expire(watermarkMs)));
        out.addAll(window(reorder.release(watermarkMs)));
        return out;
    }

    /** @return groups held for the watermark now (0 when not holding) */
    public int heldGroups() {
        return reorder == null ? 0 : reorder.size();
    }

    /** Feeds one scored sample; returns the windows it closed. */
    public List<WindowResult> onSample(SampleObservation sample) {
        return windows(join.onSample(sample));
    }

    /** Feeds one group's advantages; returns the windows it closed. */
    public List<WindowResult> onGroup(GroupObservation group) {
        return windows(join.onGroup(group));
    }

    /** End of a bounded read: emits pending groups and closes every open window. */
    public List<WindowResult> flush() {
        List<WindowResult> out = new ArrayList<>(windows(join.flush()));
        if (reorder != null) {
            out.addAll(window(reorder.drain()));
        }
        for (ClosedWindow w : windower.flush()) {
            out.add(close(w));
        }
        return out;
    }

    /** @return the configuration */
    public MonitorConfig config() {
        return config;
    }

    /** @return the join (for its counters) */
    public GroupJoin join() {
        return join;
    }

    /** @return groups dropped as too late for their time window */
    public long lateGroups() {
        return windower.lateGroups();
    }

    private List<WindowResult> windows(List<JoinedGroup> groups) {
        if (groups.isEmpty() || reorder == null) {
            return window(groups);
        }
        List<JoinedGroup> early = new ArrayList<>();
        for (JoinedGroup g : groups) {
            early.addAll(reorder.add(g));
        }
        return window(early);
    }

    private List<WindowResult> window(List<JoinedGroup> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        List<WindowResult> out = new ArrayList<>();
        for (JoinedGroup g : groups) {
            for (ClosedWindow w : windower.add(g)) {
                out.add(close(w));
            }
        }
        return out;
    }

    private WindowResult close(ClosedWindow window) {
        WindowMetrics m = statistics.next(window);
        long now = clock.getAsLong();
        List<DriftReport> alerts = new ArrayList<>();
        for (SignalDrift.SignalDetection d : drift.update(m.series())) {
            alerts.add(DriftAlerts.report(d.signal(), d.detection(), m, now));
        }
        return new WindowResult(m, alerts);
    }
}
