package dev.progrs.schemas.registry;

/**
 * The registry could not answer: it refused or dropped the connection, timed out, answered with a
 * 5xx status, or (embedded registry) its Kafka log could not be read or written. Nothing is wrong
 * with the request or with the record being (de)serialized, so the caller must retry later: a
 * worker backs off and processes the same records again, it never dead-letters them and never
 * stops for this. Thrown by {@link RestSchemaRegistryClient} only after its own retries
 * ({@link RegistryRetryPolicy}) are used up.
 *
 * <p>Every other {@link SchemaRegistryException} (a 4xx reply, an unexpected reply) is a problem
 * that retrying cannot fix and fails the calling command at once.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, 0, cause);
    }

    public SchemaRegistryUnavailableException(String message, int httpStatus, Throwable cause) {
        super(message, httpStatus, cause);
    }

    /**
     * Whether {@code error} or one of its causes is a {@link SchemaRegistryUnavailableException},
     * e.g. under the {@code StreamsException} that Kafka Streams wraps a processor's failure in.
     */
    public static boolean isCauseOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
