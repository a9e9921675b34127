package dev.progrs.monitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the configured detectors on every watched series. When one detector fires on a series,
 * every detector of that series restarts, so a single shift raises a single alert and the level
 * after the shift becomes the new reference. Not thread-safe.
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
            Detection first = null;
            for (DriftDetector d : ds) {
                Optional<Detection> r = d.update(value);
                if (first == null && r.isPresent()) {
                    first = r.get();
                }
            }
            if (first != null) {
                ds.forEach(DriftDetector::reset);
                out.add(new SignalDetection(signal, first));
            }
        });
        return out;
    }
}
