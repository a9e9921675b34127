package dev.progrs.monitor.drift;

import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.stage.settings.InvalidSettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
 * @param directions       per series, which shifts alert (keys {@value #DIRECTION_PREFIX}&lt;signal&gt; = up | down | both);
 *                         a series not in the map alerts both ways; default {@link #DEFAULT_DIRECTIONS}
 */
public record DriftConfig(boolean pageHinkley, double phDelta, double phLambda, int warmupWindows,
                          boolean twoWindow, int referenceWindows, int currentWindows, double twThreshold,
                          double minScale, Set<String> signals, Map<String, AlertDirection> directions) {
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
    /**
     * Prefix of the per-series alert direction: {@code drift.direction.skip_rate=up} alerts only on a
     * rise of {@code skip_rate} (see {@link AlertDirection}).
     */
    public static final String DIRECTION_PREFIX = "drift.direction.";

    /**
     * The series that alert one way only by default: the reward-hacking signals read from the gold
     * step checker, each in the direction that means harm — more skipped steps and more rewarded
     * wrong chains, less same-prompt first-error AUROC and progress concordance. Every other series
     * (e.g. {@code process_score_incorrect}, whose rise is the classic hacking sign) alerts both ways.
     */
    public static final Map<String, AlertDirection> DEFAULT_DIRECTIONS = defaultDirections();

    /** Every key this record reads, besides those under {@link #DIRECTION_PREFIX}. */
    public static final List<String> KEYS = List.of(PH_ENABLED, PH_DELTA, PH_LAMBDA, WARMUP, TW_ENABLED, TW_REFERENCE,
            TW_CURRENT, TW_THRESHOLD, MIN_SCALE, SIGNALS);

    public DriftConfig {
        if (!(phDelta >= 0) || !Double.isFinite(phDelta)) {
            throw new InvalidSettingException(PH_DELTA, phDelta, "a finite number >= 0 (in units of the series' scale)");
        }
        if (!(phLambda > 0) || !Double.isFinite(phLambda)) {
            throw new InvalidSettingException(PH_LAMBDA, phLambda, "a finite number > 0 (in units of the series' scale)");
        }
        if (warmupWindows < 2) {
            throw new InvalidSettingException(WARMUP, warmupWindows, "an integer >= 2");
        }
        if (referenceWindows < 2) {
            throw new InvalidSettingException(TW_REFERENCE, referenceWindows, "an integer >= 2");
        }
        if (currentWindows < 1) {
            throw new InvalidSettingException(TW_CURRENT, currentWindows, "an integer >= 1");
        }
        if (!(twThreshold > 0) || !Double.isFinite(twThreshold)) {
            throw new InvalidSettingException(TW_THRESHOLD, twThreshold, "a finite number > 0");
        }
        if (!(minScale > 0) || !Double.isFinite(minScale)) {
            throw new InvalidSettingException(MIN_SCALE, minScale, "a finite number > 0");
        }
        signals = Set.copyOf(signals);
        directions = Collections.unmodifiableMap(new LinkedHashMap<>(directions));
    }

    /** @return the defaults listed on the record components */
    public static DriftConfig defaults() {
        return new DriftConfig(true, 0.5, 10, 16, true, 32, 4, 6, 0.01, Set.of(), DEFAULT_DIRECTIONS);
    }

    /**
     * Defaults overridden by those of {@link #KEYS} and of the {@link #DIRECTION_PREFIX} keys present in
     * {@code settings}; other keys are ignored.
     */
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
                signals(settings.getOrDefault(SIGNALS, "all")),
                directions(settings, d.directions()));
    }

    /** @return true when {@code signal} is watched */
    public boolean watches(String signal) {
        return signals.isEmpty() || signals.contains(signal);
    }

    /** @return which shifts of {@code signal} raise an alert ({@link AlertDirection#BOTH} unless configured) */
    public AlertDirection alertDirection(String signal) {
        return directions.getOrDefault(signal, AlertDirection.BOTH);
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
                + ", warmup=" + warmupWindows + ", min-scale=" + minScale + ", signals=" + (signals.isEmpty() ? "all" : signals)
                + ", one-sided alerts: " + oneSided();
    }

    private String oneSided() {
        String list = directions.entrySet().stream().filter(e -> e.getValue() != AlertDirection.BOTH)
                .map(e -> e.getKey() + " " + e.getValue().configValue()).collect(Collectors.joining(", "));
        return list.isEmpty() ? "none" : list;
    }

    private static Map<String, AlertDirection> directions(Map<String, String> settings, Map<String, AlertDirection> defaults) {
        Map<String, AlertDirection> d = new LinkedHashMap<>(defaults);
        settings.forEach((key, value) -> {
            if (!key.startsWith(DIRECTION_PREFIX)) {
                return;
            }
            String signal = key.substring(DIRECTION_PREFIX.length()).trim();
            if (signal.isEmpty()) {
                throw new InvalidSettingException(key, value, "a signal name after '" + DIRECTION_PREFIX
                        + "', e.g. " + DIRECTION_PREFIX + WindowMetrics.SKIP_RATE + "=up");
            }
            d.put(signal, AlertDirection.fromConfig(key, value));
        });
        return d;
    }

    private static Map<String, AlertDirection> defaultDirections() {
        Map<String, AlertDirection> m = new LinkedHashMap<>();
        m.put(WindowMetrics.SKIP_RATE, AlertDirection.UP);
        m.put(WindowMetrics.REWARDED_WRONG_STEP_SHARE, AlertDirection.UP);
        m.put(WindowMetrics.FIRST_ERROR_AUROC, AlertDirection.DOWN);
        m.put(WindowMetrics.PROGRESS_CONCORDANCE, AlertDirection.DOWN);
        // a PRM that is being gamed scores incorrect samples higher; a fall is the policy's incorrect samples getting worse
        m.put(WindowMetrics.PROCESS_SCORE_INCORRECT, AlertDirection.UP);
        return Collections.unmodifiableMap(m);
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
        throw new InvalidSettingException(key, v, "true or false");
    }

    private static double dbl(Map<String, String> s, String key, double dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "a number");
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
            throw new InvalidSettingException(key, v, "an integer");
        }
    }
}
