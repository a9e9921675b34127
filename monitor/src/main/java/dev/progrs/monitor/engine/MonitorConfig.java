package dev.progrs.monitor.engine;

import dev.progrs.monitor.drift.DriftConfig;
import dev.progrs.monitor.window.WindowKind;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.SuiteVersion;
import java.util.Map;
import java.util.Objects;

/**
 * Validated configuration of the monitor's windows, join, gold step check and drift detection.
 *
 * @param windowKind        count or time windows (key {@value WindowKind#CONFIG}, default count)
 * @param groupsPerWindow   groups per count window, ≥ 1 (key {@value #WINDOW_GROUPS}, default 32)
 * @param windowMs          length of a time window in ms, ≥ 1 (key {@value #WINDOW_MS}, default 60000)
 * @param allowedLatenessMs how late a group may arrive for its time window, ≥ 0 (key {@value #LATENESS_MS}, default 10000)
 * @param joinGraceGroups   how many later groups a group waits for its scored samples, ≥ 0 (key {@value #JOIN_GRACE}, default 2000)
 * @param maxPendingGroups  bound of the join buffer, ≥ 1 (key {@value #JOIN_MAX_PENDING}, default 100000)
 * @param historyWindows    windows kept for the dashboard and the table, ≥ 1 (key {@value #HISTORY}, default 5000)
 * @param drift             drift-detector thresholds
 * @param goldCheckSuite    edition of the built-in suite whose prompts the gold step checker parses (its modulus);
 *                          key {@value #GOLD_CHECK_SUITE}, {@code v1} or {@code v0}, default the default suite's
 */
public record MonitorConfig(WindowKind windowKind, int groupsPerWindow, long windowMs, long allowedLatenessMs,
                            int joinGraceGroups, int maxPendingGroups, int historyWindows, DriftConfig drift,
                            SuiteVersion goldCheckSuite) {
    public static final String WINDOW_GROUPS = "window.groups";
    public static final String WINDOW_MS = "window.ms";
    public static final String LATENESS_MS = "window.lateness-ms";
    public static final String JOIN_GRACE = "join.grace-groups";
    public static final String JOIN_MAX_PENDING = "join.max-pending-groups";
    public static final String HISTORY = "history.windows";
    public static final String GOLD_CHECK_SUITE = "gold-check.suite";

    public MonitorConfig {
        if (windowKind == null) {
            throw new InvalidSettingException(WindowKind.CONFIG, null, WindowKind.acceptedValues());
        }
        if (groupsPerWindow < 1) {
            throw new InvalidSettingException(WINDOW_GROUPS, groupsPerWindow, "an integer >= 1");
        }
        if (windowMs < 1) {
            throw new InvalidSettingException(WINDOW_MS, windowMs, "an integer number of ms >= 1");
        }
        if (allowedLatenessMs < 0) {
            throw new InvalidSettingException(LATENESS_MS, allowedLatenessMs, "an integer number of ms >= 0");
        }
        if (joinGraceGroups < 0) {
            throw new InvalidSettingException(JOIN_GRACE, joinGraceGroups, "an integer >= 0");
        }
        if (maxPendingGroups < 1) {
            throw new InvalidSettingException(JOIN_MAX_PENDING, maxPendingGroups, "an integer >= 1");
        }
        if (historyWindows < 1) {
            throw new InvalidSettingException(HISTORY, historyWindows, "an integer >= 1");
        }
        Objects.requireNonNull(drift, "drift");
        if (goldCheckSuite == null) {
            throw new InvalidSettingException(GOLD_CHECK_SUITE, null, "v0, v1 or v2");
        }
    }

    /** @return the defaults listed on the record components */
    public static MonitorConfig defaults() {
        return new MonitorConfig(WindowKind.COUNT, 32, 60_000, 10_000, 2000, 100_000, 5000, DriftConfig.defaults(),
                ArithmeticSuiteConfig.defaults().version());
    }

    /**
     * Defaults overridden by the keys present in {@code settings} (this record's keys and
     * {@link DriftConfig#KEYS}); other keys are ignored.
     *
     * @throws InvalidSettingException naming the key, the value and what is accepted
     */
    public static MonitorConfig fromSettings(Map<String, String> settings) {
        MonitorConfig d = defaults();
        return new MonitorConfig(
                settings.containsKey(WindowKind.CONFIG) ? kind(settings.get(WindowKind.CONFIG)) : d.windowKind(),
                (int) number(settings, WINDOW_GROUPS, d.groupsPerWindow()),
                number(settings, WINDOW_MS, d.windowMs()),
                number(settings, LATENESS_MS, d.allowedLatenessMs()),
                (int) number(settings, JOIN_GRACE, d.joinGraceGroups()),
                (int) number(settings, JOIN_MAX_PENDING, d.maxPendingGroups()),
                (int) number(settings, HISTORY, d.historyWindows()),
                DriftConfig.fromSettings(settings),
                settings.containsKey(GOLD_CHECK_SUITE) ? suite(settings.get(GOLD_CHECK_SUITE)) : d.goldCheckSuite());
    }

    /** One line for the start-up log. */
    public String describe() {
        String w = windowKind == WindowKind.COUNT ? "count windows of " + groupsPerWindow + " groups"
                : "time windows of " + windowMs + " ms (lateness " + allowedLatenessMs + " ms)";
        return w + "; join grace " + joinGraceGroups + " groups, max pending " + maxPendingGroups + "; gold check on suite "
                + goldCheckSuite.configName() + "; " + drift.describe();
    }

    private static WindowKind kind(String v) {
        try {
            return WindowKind.fromConfig(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(WindowKind.CONFIG, v, WindowKind.acceptedValues());
        }
    }

    private static SuiteVersion suite(String v) {
        try {
            return SuiteVersion.fromConfig(v);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(GOLD_CHECK_SUITE, v, "v0, v1 or v2");
        }
    }

    private static long number(Map<String, String> s, String key, long dflt) {
        String v = s.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            long x = Long.parseLong(v.trim());
            if (x > Integer.MAX_VALUE && !key.equals(WINDOW_MS) && !key.equals(LATENESS_MS)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, v, "an integer");
        }
    }
}
