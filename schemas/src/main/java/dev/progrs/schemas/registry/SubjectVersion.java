package dev.progrs.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One registered version of a subject.
 *
 * @param subject the subject, e.g. {@code progrs.trajectories-value}
 * @param version the version inside the subject, 1-based
 * @param id      the schema's global id (what the wire format carries)
 * @param schema  the schema
 */
public record SubjectVersion(String subject, int version, int id, Schema schema) {
    public SubjectVersion {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version + " (subject '" + subject + "')");
        }
        if (id < 0) {
            throw new IllegalArgumentException("schema id must be >= 0, got " + id + " (subject '" + subject + "')");
        }
    }
}
