package dev.progrs.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry the pipeline needs: register a writer schema
 * under a subject and get its global id, look a schema up by id, and browse subjects and versions.
 *
 * <p>Ids are global: the same schema has the same id in every subject. Registering a schema that is
 * already registered under the subject is idempotent and returns the existing id. Lookups of
 * unknown ids, subjects or versions throw {@link SchemaNotFoundException}; a schema that breaks the
 * subject's compatibility rule is refused with {@link IncompatibleSchemaException}; any other
 * failure (registry unreachable, bad reply) is a {@link SchemaRegistryException}.
 */
public interface SchemaRegistry {
    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    /** Every subject, sorted. */
    List<String> subjects();

    /** The versions of {@code subject}, ascending (1, 2, ...). */
    List<Integer> versions(String subject);

    /** Version {@code version} of {@code subject}. */
    SubjectVersion version(String subject, int version);

    /**
     * The version of {@code subject} that holds {@code schema} (compared as JSON text,
     * {@link Schema#toString()}), or empty when the subject does not exist or does not hold it.
     * Registers nothing.
     */
    default Optional<SubjectVersion> lookup(String subject, Schema schema) {
        if (!subjects().contains(subject)) {
            return Optional.empty();
        }
        String text = schema.toString();
        for (int v : versions(subject)) {
            SubjectVersion found = version(subject, v);
            if (found.schema().toString().equals(text)) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    /** The latest version of {@code subject}. */
    default SubjectVersion latest(String subject) {
        List<Integer> versions = versions(subject);
        if (versions.isEmpty()) {
            throw new SchemaNotFoundException("subject '" + subject + "' has no versions");
        }
        return version(subject, versions.get(versions.size() - 1));
    }
}
