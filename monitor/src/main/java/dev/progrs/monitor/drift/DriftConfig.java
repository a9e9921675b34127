package dev.progrs.monitor.drift;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validated thresholds of the drift detectors. Page–Hinkley's δ and λ are in units of each
 * series' own scale (see {@link PageHinkley}), so one setting fits every signal.
 *
 * @param pageHinkley      run Page–Hinkley (key {@value #PH_ENABLED}, default true)
 * @param phDelta          δ ≥ 0, in σ (key {@value #PH_DELTA}, default 0.5)
 * @param phLambda         λ &gt; 0, in σ (key {@value #PH_LAMBDA}, default 10)
 * @param warmupWindows    windows used to learn each series' scale, ≥ 2 (key {@value #WARMUP}, default 16)
 * @param twoWindow        run the two-window test (key {@value #TW_ENABLED}, default true)
 * @param referenceWindows R ≥ 2 (key {@value #TW_REFERENCE}, default 32)
 * @param currentWindows   C ≥ 1 (key {@value #TW_CURRENT}, default 4)
 * @param twThreshold      |z| threshold &gt; 0 (key {@value #TW_THRESHOLD}, default 6)
 * @param minScale         floor of every series' scale, &gt; 0, in the series' unit (key {@value #MIN_SCALE}, default 0.01)
 * @param signals          the series watched; empty = all (key {@value #SIGNALS}, comma-separated or {@code all})
 */
public record DriftConfig(boolean pageHinkley, double phDelta, double phLambda, int warmupWindows,
                          boolean twoWindow, int referenceWindows, int currentWindows, double twThreshold,
                          double minScale, Set<String> signals) {
    public static final String PH_ENABLED = "drift.page-hinkley.enabled";
    public static final String PH_DELTA = "drift.page-hinkley.delta";
    public static final String PH_LAMBDA = "drift.page-hinkley.lambda";
    public static final String WARMUP = "drift.warmup-windows";
    public static final String TW_ENABLED = "drift.two-window.enabled";
    public static final String TW_REFERENCE = "drift.two-window.reference-windows";
    public static final String TW_CURRENT = "drift.two-window.current-windows";
    public static final String TW_THRESHOLD = "drift.two-window.threshold";
    public static final String MIN_SCALE = "drift.min-scale";
    public static final String SIGNALS = "drift.signals";

    /** Every key this record reads. */
    public static final List<String> KEYS = List.of(PH_ENABLED, PH_DELTA, PH_LAMBDA, WARMUP, TW_ENABLED, TW_REFERENCE,
            TW_CURRENT, TW_THRESHOLD, MIN_SCALE, SIGNALS);

    public DriftConfig {
        if (!(phDelta >= 0) || !Double.isFinite(phDelta)) {
            throw new InvalidMonitorSettingException(PH_DELTA, phDelta, "a finite number >= 0 (in units of the series' scale)");
        }
        if (!(phLambda > 0) || !Double.isFinite(phLambda)) {
            throw new InvalidMonitorSettingException(PH_LAMBDA, phLambda, "a finite number > 0 (in units of the series' scale)");
        }
        if (warmupWindows < 2) {
            throw new InvalidMonitorSettingException(WARMUP, warmupWindows, "an integer >= 2");
        }
        if (referenceWindows < 2) {
            throw new InvalidMonitorSettingException(TW_REFERENCE, referenceWindows, "an integer >= 2");
        }
        if (currentWindows < 1) {
            throw new InvalidMonitorSettingException(TW_CURRENT, currentWindows, "an integer >= 1");
        }
        if (!(twThreshold > 0) || !Double.isFinite(twThreshold)) {
            throw new InvalidMonitorSettingException(TW_THRESHOLD, twThreshold, "a finite number > 0");
        }
        if (!(minScale > 0) || !Double.isFinite(minScale)) {
            throw new InvalidMonitorSettingException(MIN_SCALE, minScale, "a finite number > 0");
        }
        signals = Set.copyOf(signals);
    }

    /** @return the defaults listed on the record components */
    public static DriftConfig defaults() {
        return new DriftConfig(true, 0.5, 10, 16, true, 32, 4, 6, 0.01, Set.of());
    }

    /** Defaults overridden by those of {@link #KEYS} present in {@code settings}; other keys are ignored. */
    public static DriftConfig fromSettings(Map<String, String> settings) {
        DriftConfig d = defaults();
        return new DriftConfig(
                bool(settings, PH_ENABLED, d.pageHinkley()),
                dbl(settings, PH_DELTA, d.phDelta()),
                dbl(settings, PH_LAMBDA, d.phLambda()),
                integer(settings, WARMUP, d.warmupWindows()),
                bool(settings, TW_ENABLED, d.twoWindow()),
                integer(settings, TW_REFERENCE, d.referenceWindows()),
                integer(settings, TW_CURRENT, d.currentWindows()),
                dbl(settings, TW_THRESHOLD, d.twThreshold()),
                dbl(settings, MIN_SCALE, d.minScale()),
                signals(settings.getOrDefault(SIGNALS, "all")));
    }

    /** @return true when {@code signal} is watched */
    public boolean watches(String signal) {
        return signals.isEmpty() || signals.contains(signal);
    }

    /** The detectors one series gets, fresh. */
    public List<DriftDetector> newDetectors() {
        List<DriftDetector> list = new ArrayList<>(2);
        if (pageHinkley) {
            list.add(new PageHinkley(phDelta, phLambda, warmupWindows, minScale));
        }
        if (twoWindow) {
            list.add(new TwoWindowTest(referenceWindows, currentWindows, twThreshold, minScale));
        }
        return list;
    }

    /** One line for the start-up log. */
    public String describe() {
        return "page-hinkley " + (pageHinkley ? "delta=" + phDelta + "σ lambda=" + phLambda + "σ" : "off")
                + ", two-window " + (twoWindow ? "R=" + referenceWindows + " C=" + currentWindows + " |z|>" + twThreshold : "off")
                + ", warmup=" + warmupWindows + ", min-scale=" + minScale + ", signals=" + (signals.isEmpty() ? "all" : signals);
    }

    private static Set<String> signals(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.equalsIgnoreCase("all")) {
            return Set.of();
        }
        Set<String> s = new LinkedHashSet<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                s.add(part.trim());
            }
        }
        return s;
    }

    private static boolean bool(Map<String, String> s, String key, boolean dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidMonitorSettingException(key, v, "true or false");
    }

    private static double dbl(Map<String, String> s, String key, double dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidMonitorSettingException(key, v, "a number");
        }
    }

    private static int integer(Map<String, String> s, String key, int dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidMonitorSettingException(key, v, "an integer");
        }
    }
}
