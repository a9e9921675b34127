package dev.progrs.stage.settings;

/**
 * A configuration value that cannot be accepted. The message always names the key, the
 * offending value and what would have been accepted, so a typo is fixed from the message alone.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String key;
    private final String value;

    /**
     * @param key      the configuration key, e.g. {@code windows}
     * @param value    the rejected value as the user wrote it
     * @param accepted what would be accepted, e.g. {@code "partition, sliding"}
     */
    public InvalidSettingException(String key, Object value, String accepted) {
        super("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
        this.key = key;
        this.value = String.valueOf(value);
    }

    /**
     * The one-line form of a setting check: throws unless {@code ok}, e.g.
     * {@code require(batchSize >= 1, "batch-size", batchSize, "an integer >= 1")}.
     *
     * @param ok       whether the value is accepted
     * @param key      the configuration key or command-line option, e.g. {@code batch-size} or {@code --lr}
     * @param value    the value that was checked, as the user gave it
     * @param accepted what would be accepted
     * @throws InvalidSettingException naming the key, the value and what is accepted, when {@code ok} is false
     */
    public static void require(boolean ok, String key, Object value, String accepted) {
        if (!ok) {
            throw new InvalidSettingException(key, value, accepted);
        }
    }

    /** @return the configuration key that was rejected */
    public String key() {
        return key;
    }

    /** @return the rejected value as text */
    public String value() {
        return value;
    }
}
