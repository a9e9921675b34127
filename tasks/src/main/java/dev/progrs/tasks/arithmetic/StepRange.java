package dev.progrs.tasks.arithmetic;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A range of solution step counts of built-in problems, {@code min..max} inclusive, written {@code N} or
 * {@code MIN..MAX} on the command line.
 *
 * @param min fewest steps, ≥ {@link #LOWEST}
 * @param max most steps, ≤ {@link #HIGHEST}, ≥ min
 */
public record StepRange(int min, int max) {

    /** Fewest and most steps a built-in problem can have. */
    public static final int LOWEST = 2;
    public static final int HIGHEST = 10;

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})(?:\\.\\.(\\d{1,4}))?");

    public StepRange {
        if (min < LOWEST || max > HIGHEST || min > max) {
            throw bad("steps", min + ".." + max, "MIN..MAX with " + LOWEST + " <= MIN <= MAX <= " + HIGHEST + ", e.g. 4..7");
        }
    }

    /**
     * @param value {@code N} or {@code MIN..MAX}
     * @throws IllegalArgumentException naming the key, the value and the accepted form
     */
    public static StepRange parse(String value) {
        Matcher m = FORM.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw bad("steps", value, "N or MIN..MAX, e.g. 4..7 (step counts " + LOWEST + " to " + HIGHEST + ")");
        }
        int min = Integer.parseInt(m.group(1));
        return new StepRange(min, m.group(2) == null ? min : Integer.parseInt(m.group(2)));
    }

    /** Number of step counts in the range. */
    public int levels() {
        return max - min + 1;
    }

    public boolean contains(int steps) {
        return steps >= min && steps <= max;
    }

    /** {@code MIN..MAX}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return min + ".." + max;
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
