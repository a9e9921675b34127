package dev.progrs.monitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the configured detectors on every watched series. When one detector fires on a series,
 * every detector of that series restarts, so a single shift raises a single alert and the level
 * after the shift becomes the new reference. A shift in a direction the series does not alert on
 * ({@link DriftConfig#alertDirection}) restarts the detectors the same way but raises nothing.
 * Not thread-safe.
 */
public final class SignalDrift {
    private final DriftConfig config;
    private final Map<String, List<DriftDetector>> detectors = new LinkedHashMap<>();

    public SignalDrift(DriftConfig config) {
        this.config = config;
    }

    /** A detection on one named series. */
    public record SignalDetection(String signal, Detection detection) {
    }

    /** Feeds one window's series (NaN values are skipped); returns the detections, in series order. */
    public List<SignalDetection> update(Map<String, Double> series) {
        List<SignalDetection> out = new ArrayList<>();
        series.forEach((signal, value) -> {
            if (!config.watches(signal) || value == null || !Double.isFinite(value)) {
                return;
            }
            List<DriftDetector> ds = detectors.computeIfAbsent(signal, k -> config.newDetectors());
            AlertDirection alerting = config.alertDirection(signal);
            boolean shifted = false;
            Detection first = null;
            for (DriftDetector d : ds) {
                Optional<Detection> r = d.update(value);
                shifted |= r.isPresent();
                if (first == null && r.isPresent() && alerting.alerts(r.get().direction())) {
                    first = r.get();
                }
            }
            if (shifted) {
                ds.forEach(DriftDetector::reset);
            }
            if (first != null) {
                out.add(new SignalDetection(signal, first));
            }
        });
        return out;
    }
}
