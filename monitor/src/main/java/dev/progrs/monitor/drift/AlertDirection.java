package dev.progrs.monitor.drift;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which shifts of a series raise an alert (key {@code drift.direction.<signal>}, see
 * {@link DriftConfig#DIRECTION_PREFIX}). The detectors always watch both ways; a shift the other
 * way restarts them (the level after it becomes the new reference) without an alert. One-sided
 * signals are those where only one way is harm: a skip rate that falls is a policy getting better,
 * not reward hacking, and must not page anyone.
 */
public enum AlertDirection {
    /** Only a rise alerts. */
    UP("up"),
    /** Only a fall alerts. */
    DOWN("down"),
    /** Either way alerts (the default of every series without its own direction). */
    BOTH("both");

    private final String configValue;

    AlertDirection(String configValue) {
        this.configValue = configValue;
    }

    /** @return the value as written in configuration */
    public String configValue() {
        return configValue;
    }

    /** @return true when a shift in {@code direction} raises an alert */
    public boolean alerts(Direction direction) {
        return switch (this) {
            case UP -> direction == Direction.UP;
            case DOWN -> direction == Direction.DOWN;
            case BOTH -> true;
        };
    }

    /**
     * Parses a configuration value, case-insensitively.
     *
     * @param key   the key it was read from, for the error
     * @param value {@code up}, {@code down} or {@code both}
     * @throws InvalidSettingException naming the key, the value and the accepted values
     */
    public static AlertDirection fromConfig(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (AlertDirection d : values()) {
            if (d.configValue.equals(v)) {
                return d;
            }
        }
        throw new InvalidSettingException(key, value, acceptedValues());
    }

    /** @return the accepted configuration values, comma-separated */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(AlertDirection::configValue).collect(Collectors.joining(", "));
    }
}
