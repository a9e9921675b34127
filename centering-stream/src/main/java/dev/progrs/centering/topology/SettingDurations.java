package dev.progrs.centering.topology;

import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses durations written in settings: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601
 * such as {@code PT30S}. A bare number is refused, because "30" is ambiguous between seconds and ms.
 */
final class SettingDurations {

    static final String ACCEPTED = "a duration such as 500ms, 30s, 2m, 1h or PT30S";

    private SettingDurations() {
    }

    static Duration parse(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(key, value == null ? "" : value, ACCEPTED);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new InvalidSettingException(key, value, ACCEPTED);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new InvalidSettingException(key, value, ACCEPTED);
        }
    }

    /** @return the shortest of the accepted spellings, e.g. {@code 30s} or {@code 1500ms} */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
