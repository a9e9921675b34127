package dev.progrs.monitor.engine;

import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import java.util.List;
import java.util.Objects;

/**
 * One closed window: its signals and the drift alerts raised at it.
 *
 * @param metrics the window's signals
 * @param alerts  the alerts that fired at this window (usually none)
 */
public record WindowResult(WindowMetrics metrics, List<DriftReport> alerts) {
    public WindowResult {
        Objects.requireNonNull(metrics, "metrics");
        alerts = List.copyOf(alerts);
    }
}
