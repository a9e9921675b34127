package dev.progrs.schemas.registry;

/**
 * A schema registry operation failed. The message names what was asked (URL, subject or id) and
 * what the registry answered. {@link #httpStatus()} is the HTTP status of a REST reply, or 0 when
 * the failure did not come from an HTTP reply (embedded registry, I/O error).
 */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;

    public SchemaRegistryException(String message) {
        this(message, 0, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public SchemaRegistryException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** HTTP status of the registry's reply; 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }
}
