package dev.progrs.schemas.registry;

import java.time.Duration;
import java.util.Locale;

/**
 * How {@link RestSchemaRegistryClient} retries a call the registry could not answer: a connection
 * refused, reset or timed out, or an HTTP 5xx reply. Attempt {@code k} (k = 1 is the first retry)
 * waits
 * <pre>
 *   backoff(k) = min(maxBackoff, initialBackoff · 2^(k-1))
 * </pre>
 * before it is sent, so the defaults (5 attempts, 250 ms, 4 s) wait 0.25 + 0.5 + 1 + 2 = 3.75 s in
 * all, plus at most {@code attempts} request timeouts. When every attempt failed the call throws
 * {@link SchemaRegistryUnavailableException}, and the worker that made it backs off and processes
 * the same records again: the client's retries bridge a registry restart, the worker's bridge an
 * outage of any length. A 4xx reply (bad request, unknown subject or id, incompatible schema,
 * unauthorised) is never retried: it fails the call at once with the URL and the status.
 *
 * <p>Set JVM-wide with system properties (e.g. {@code PROGRS_JAVA_OPTS="-Xmx4g
 * -Dprogrs.registry.retry.attempts=8"}), like {@code progrs.serde.max.record.bytes}.
 *
 * @param attempts       calls made in all, {@value #MIN_ATTEMPTS}..{@value #MAX_ATTEMPTS} (1: no retry);
 *                       key {@value #ATTEMPTS_CONFIG}
 * @param initialBackoff wait before the first retry, 1 ms..{@value #MAX_BACKOFF_MS} ms; key {@value #INITIAL_BACKOFF_CONFIG}
 * @param maxBackoff     longest wait between two attempts, at least {@code initialBackoff} and at most
 *                       {@value #MAX_BACKOFF_MS} ms; key {@value #MAX_BACKOFF_CONFIG}
 */
public record RegistryRetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff) {

    /** System property of {@link #attempts()}. */
    public static final String ATTEMPTS_CONFIG = "progrs.registry.retry.attempts";
    public static final String ATTEMPTS_DOC = "Calls the schema registry client makes for one request when the registry "
            + "cannot be reached or answers 5xx (1 = no retry); 4xx replies are never retried.";
    /** System property of {@link #initialBackoff()}, in milliseconds. */
    public static final String INITIAL_BACKOFF_CONFIG = "progrs.registry.retry.backoff.ms";
    public static final String INITIAL_BACKOFF_DOC = "Wait before the first retry; it doubles with every further retry.";
    /** System property of {@link #maxBackoff()}, in milliseconds. */
    public static final String MAX_BACKOFF_CONFIG = "progrs.registry.retry.backoff.max.ms";
    public static final String MAX_BACKOFF_DOC = "Longest wait between two attempts.";

    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(4);
    static final int MIN_ATTEMPTS = 1;
    static final int MAX_ATTEMPTS = 100;
    static final long MAX_BACKOFF_MS = 600_000;

    public RegistryRetryPolicy {
        if (attempts < MIN_ATTEMPTS || attempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException(ATTEMPTS_CONFIG + "=" + attempts + " is invalid; accepted: " + MIN_ATTEMPTS + ".."
                    + MAX_ATTEMPTS + " (1 = no retry)");
        }
        if (initialBackoff == null || initialBackoff.toMillis() < 1 || initialBackoff.toMillis() > MAX_BACKOFF_MS) {
            throw new IllegalArgumentException(INITIAL_BACKOFF_CONFIG + "=" + millis(initialBackoff) + " is invalid; accepted: 1.."
                    + MAX_BACKOFF_MS + " ms");
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0 || maxBackoff.toMillis() > MAX_BACKOFF_MS) {
            throw new IllegalArgumentException(MAX_BACKOFF_CONFIG + "=" + millis(maxBackoff) + " is invalid; accepted: "
                    + initialBackoff.toMillis() + " (" + INITIAL_BACKOFF_CONFIG + ").." + MAX_BACKOFF_MS + " ms");
        }
    }

    /** 5 attempts, 250 ms doubling up to 4 s. */
    public static RegistryRetryPolicy defaults() {
        return new RegistryRetryPolicy(DEFAULT_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** One attempt: every failure is reported at once. */
    public static RegistryRetryPolicy none() {
        return new RegistryRetryPolicy(1, DEFAULT_INITIAL_BACKOFF, DEFAULT_INITIAL_BACKOFF);
    }

    /**
     * The policy the system properties {@value #ATTEMPTS_CONFIG}, {@value #INITIAL_BACKOFF_CONFIG} and
     * {@value #MAX_BACKOFF_CONFIG} set, the defaults for those not set.
     *
     * @throws IllegalArgumentException naming the property, its value and what is accepted
     */
    public static RegistryRetryPolicy fromSystemProperties() {
        long attemptsValue = property(ATTEMPTS_CONFIG, DEFAULT_ATTEMPTS, MIN_ATTEMPTS + ".." + MAX_ATTEMPTS);
        int attempts = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, attemptsValue));
        long initial = property(INITIAL_BACKOFF_CONFIG, DEFAULT_INITIAL_BACKOFF.toMillis(), "1.." + MAX_BACKOFF_MS + " ms");
        long max = property(MAX_BACKOFF_CONFIG, Math.max(initial, DEFAULT_MAX_BACKOFF.toMillis()), initial + ".." + MAX_BACKOFF_MS + " ms");
        return new RegistryRetryPolicy(attempts, Duration.ofMillis(initial), Duration.ofMillis(max));
    }

    /** The wait before retry {@code k} (k ≥ 1): {@code min(maxBackoff, initialBackoff · 2^(k-1))}. */
    public Duration backoff(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("retry number must be >= 1, got " + k);
        }
        long ms = initialBackoff.toMillis();
        for (int i = 1; i < k && ms < maxBackoff.toMillis(); i++) {
            ms *= 2;
        }
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }

    /** The sum of every wait between attempts. */
    public Duration totalBackoff() {
        Duration total = Duration.ZERO;
        for (int k = 1; k < attempts; k++) {
            total = total.plus(backoff(k));
        }
        return total;
    }

    /** One line for start-up logs and error messages. */
    public String describe() {
        return String.format(Locale.ROOT, "%s=%d %s=%d %s=%d (%.2f s of back-off in all)", ATTEMPTS_CONFIG, attempts,
                INITIAL_BACKOFF_CONFIG, initialBackoff.toMillis(), MAX_BACKOFF_CONFIG, maxBackoff.toMillis(),
                totalBackoff().toMillis() / 1000.0);
    }

    private static long property(String key, long fallback, String accepted) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not an integer; accepted: " + accepted, e);
        }
    }

    private static String millis(Duration d) {
        return d == null ? "null" : Long.toString(d.toMillis());
    }
}
