package dev.progrs.monitor.drift;

/**
 * A monitor configuration value that cannot be accepted; the message names the key, the offending
 * value and what would be accepted.
 */
public final class InvalidMonitorSettingException extends IllegalArgumentException {
    private final String key;

    /**
     * @param key      configuration key, e.g. {@code drift.page-hinkley.lambda}
     * @param value    the rejected value as written
     * @param accepted what would be accepted
     */
    public InvalidMonitorSettingException(String key, Object value, String accepted) {
        super("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
        this.key = key;
    }

    /** @return the rejected key */
    public String key() {
        return key;
    }
}
