package dev.progrs.monitor.http;

import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.engine.MonitorEngine;
import dev.progrs.monitor.engine.Observations;
import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.synthetic.SyntheticRewardStream;
import dev.progrs.wire.ScoredTrajectory;

/** A history and meters filled from a synthetic stream whose PRM becomes biased on incorrect samples. */
final class MonitorFixtures {
    private MonitorFixtures() {
    }

    /** Runs {@code windows} count windows of 32 groups (bias from the middle) into history and metrics. */
    static void fill(MonitorHistory history, MonitorMetrics metrics, int windows) {
        MonitorConfig d = MonitorConfig.defaults();
        MonitorEngine engine = new MonitorEngine(d, () -> 1_700_000_000_000L);
        var stream = new SyntheticRewardStream(3, 8, (long) windows / 2 * d.groupsPerWindow(), 0.08, 1_700_000_000_000L, 100);
        for (long g = 0; g < (long) windows * d.groupsPerWindow(); g++) {
            SyntheticGroup group = stream.next();
            for (ScoredTrajectory s : group.scored()) {
                engine.onSample(Observations.of(s)).forEach(r -> record(history, metrics, r));
            }
            engine.onGroup(Observations.of(group.advantages())).forEach(r -> record(history, metrics, r));
        }
    }

    private static void record(MonitorHistory history, MonitorMetrics metrics, WindowResult r) {
        history.add(r);
        metrics.onWindow(r);
    }
}
