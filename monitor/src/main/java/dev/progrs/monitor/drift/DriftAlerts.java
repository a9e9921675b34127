package dev.progrs.monitor.drift;

import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import java.time.Instant;
import java.util.Locale;

/** Turns a detection on a window into the {@code DriftReport} published on progrs.drift. */
public final class DriftAlerts {
    private DriftAlerts() {
    }

    /**
     * @param signal     the series name
     * @param detection  what the detector saw
     * @param window     the window at which it fired
     * @param nowMs      wall-clock time of the alert
     */
    public static DriftReport report(String signal, Detection detection, WindowMetrics window, long nowMs) {
        return DriftReport.newBuilder()
                .setSignal(signal)
                .setDetector(detection.detector())
                .setWindowKind(window.kind().configValue())
                .setWindowIndex(window.index())
                .setWindowStartMs(window.startMs())
                .setWindowEndMs(window.endMs())
                .setReferenceValue(detection.referenceValue())
                .setCurrentValue(detection.currentValue())
                .setShift(detection.shift())
                .setStatistic(detection.statistic())
                .setThreshold(detection.threshold())
                .setDirection(detection.direction().wire())
                .setMessage(message(signal, detection, window))
                .setCreatedAtMs(nowMs)
                .build();
    }

    /** The alert's one-line message: signal, window, shift size, detector and statistic. */
    public static String message(String signal, Detection d, WindowMetrics w) {
        return String.format(Locale.ROOT,
                "drift on %s: %s %+.4g (%.4g -> %.4g) at %s window %d [%s .. %s], %s statistic %.3g > %.3g",
                signal, d.direction().wire(), d.shift(), d.referenceValue(), d.currentValue(),
                w.kind().configValue(), w.index(), Instant.ofEpochMilli(w.startMs()), Instant.ofEpochMilli(w.endMs()),
                d.detector(), d.statistic(), d.threshold());
    }
}
