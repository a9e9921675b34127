package dev.progrs.monitor.window;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How groups are cut into tumbling windows (config key {@value #CONFIG}). */
public enum WindowKind {
    /** Every {@code window.groups} joined groups make one window, in arrival order. */
    COUNT("count"),
    /** Event-time windows of {@code window.ms} on the groups' last-sample timestamps, epoch-aligned. */
    TIME("time");

    /** Configuration key. */
    public static final String CONFIG = "window.kind";

    private final String configValue;

    WindowKind(String configValue) {
        this.configValue = configValue;
    }

    /** @return the value as written in configuration and in {@code DriftReport.windowKind} */
    public String configValue() {
        return configValue;
    }

    /** Parses a configuration value, case-insensitively. */
    public static WindowKind fromConfig(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (WindowKind k : values()) {
            if (k.configValue.equals(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + CONFIG
                + "': accepted " + acceptedValues());
    }

    /** @return the accepted configuration values, comma-separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(WindowKind::configValue).collect(Collectors.joining(", "));
    }
}
