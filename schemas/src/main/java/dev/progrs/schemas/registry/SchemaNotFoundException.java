package dev.progrs.schemas.registry;

/** The registry does not know the schema id, subject or version asked for (REST: HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message) {
        super(message);
    }

    public SchemaNotFoundException(String message, int httpStatus) {
        super(message, httpStatus, null);
    }
}
