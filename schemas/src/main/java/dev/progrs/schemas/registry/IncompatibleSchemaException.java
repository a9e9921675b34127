package dev.progrs.schemas.registry;

/**
 * A schema was refused because it is not compatible with the subject's earlier versions
 * (REST: HTTP 409). Embedded registries use BACKWARD compatibility against every earlier version:
 * the new schema must be able to read data written with each of them.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(String message) {
        super(message);
    }

    public IncompatibleSchemaException(String message, int httpStatus) {
        super(message, httpStatus, null);
    }
}
