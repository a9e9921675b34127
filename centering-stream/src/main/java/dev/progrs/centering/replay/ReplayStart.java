package dev.progrs.centering.replay;

import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a replay starts reading the stored topic (configuration key {@value #CONFIG}):
 * {@code beginning}, {@code offset:N} (the same offset in every partition, clamped to what the
 * partition holds) or {@code timestamp:T} (T in ms since epoch or ISO-8601, e.g.
 * {@code timestamp:2026-11-26T07:00:00Z}: the first record at or after T in each partition).
 *
 * @param kind  which of the three
 * @param value the offset or the timestamp in ms (0 for beginning)
 */
public record ReplayStart(Kind kind, long value) {

    /** Configuration key. */
    public static final String CONFIG = "from";

    /** The three ways to start. */
    public enum Kind { BEGINNING, OFFSET, TIMESTAMP }

    /** Validates the value. */
    public ReplayStart {
        if (kind == null) {
            throw new InvalidSettingException(CONFIG, null, "beginning, offset:N or timestamp:T");
        }
        if (value < 0) {
            throw new InvalidSettingException(CONFIG, kind.name().toLowerCase() + ":" + value, "a non-negative offset or timestamp");
        }
    }

    /** @return read everything */
    public static ReplayStart beginning() {
        return new ReplayStart(Kind.BEGINNING, 0);
    }

    /**
     * @param text {@code beginning}, {@code offset:N} or {@code timestamp:T}
     * @throws InvalidSettingException for anything else
     */
    public static ReplayStart parse(String text) {
        String accepted = "beginning, offset:N or timestamp:T (ms since epoch or ISO-8601, e.g. 2026-11-26T07:00:00Z)";
        String t = text == null ? "" : text.trim();
        try {
            if (t.equals("beginning")) {
                return beginning();
            }
            if (t.startsWith("offset:")) {
                return new ReplayStart(Kind.OFFSET, Long.parseLong(t.substring(7).trim()));
            }
            if (t.startsWith("timestamp:")) {
                String v = t.substring(10).trim();
                long ms = v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
                return new ReplayStart(Kind.TIMESTAMP, ms);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidSettingException(CONFIG, text, accepted);
        }
        throw new InvalidSettingException(CONFIG, text, accepted);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BEGINNING -> "beginning";
            case OFFSET -> "offset:" + value;
            case TIMESTAMP -> "timestamp:" + Instant.ofEpochMilli(value);
        };
    }
}
