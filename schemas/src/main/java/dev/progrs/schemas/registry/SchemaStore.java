package dev.progrs.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The bookkeeping of a schema registry, in memory: global ids, subjects, versions, and the
 * BACKWARD compatibility rule. It is the storage core of {@link EmbeddedSchemaRegistry}, which
 * makes it durable by appending every accepted {@link SubjectVersion} to a log and replaying the
 * log through {@link #apply(SubjectVersion)} on start.
 *
 * <p>Rules. A schema is identified by its JSON text ({@link Schema#toString()}). Ids are global:
 * a schema keeps its id in every subject, and a new schema gets {@code max id + 1} (the first is
 * 1), so replaying the same log always gives the same ids. A new version of a subject must be
 * able to read data written with every earlier version of that subject
 * ({@link SchemaCompatibility}, reader = new schema, writer = each old one).
 *
 * <p>{@link #apply} is first-writer-wins: an entry that conflicts with what is already known (its
 * version slot is taken, its id belongs to another schema, its schema already has another id or
 * is already in the subject) is ignored. Two registries racing on one log therefore converge on
 * the same state, and the loser sees that its entry did not win and retries.
 *
 * <p>Thread-safe.
 */
public final class SchemaStore implements SchemaRegistry {
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, Integer> idByText = new HashMap<>();
    private final TreeMap<String, List<SubjectVersion>> subjects = new TreeMap<>();
    private int maxId;

    /**
     * The version of {@code subject} that holds {@code schema}, if it is registered there.
     */
    public synchronized Optional<SubjectVersion> lookup(String subject, Schema schema) {
        List<SubjectVersion> versions = subjects.get(subject);
        if (versions == null) {
            return Optional.empty();
        }
        String text = schema.toString();
        for (SubjectVersion v : versions) {
            if (v.schema().toString().equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * What registering {@code schema} under {@code subject} would give, without changing anything:
     * the existing version when the schema is already there, otherwise the next version with the
     * schema's global id (existing, or {@code max + 1}).
     *
     * @throws IncompatibleSchemaException when the schema cannot read data of an earlier version
     */
    public synchronized SubjectVersion propose(String subject, Schema schema) {
        Optional<SubjectVersion> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get();
        }
        List<SubjectVersion> versions = subjects.getOrDefault(subject, List.of());
        for (SubjectVersion old : versions) {
            checkBackward(subject, schema, old);
        }
        Integer id = idByText.get(schema.toString());
        return new SubjectVersion(subject, versions.size() + 1, id != null ? id : maxId + 1, schema);
    }

    /**
     * Applies one entry of the registry log. Returns false, changing nothing, when the entry
     * conflicts with the state (first writer wins; see the class comment). Compatibility is not
     * re-checked: it was checked by the writer, and replay must accept what was accepted then.
     */
    public synchronized boolean apply(SubjectVersion entry) {
        List<SubjectVersion> versions = subjects.getOrDefault(entry.subject(), List.of());
        if (entry.version() != versions.size() + 1) {
            return false;
        }
        String text = entry.schema().toString();
        Schema sameId = schemaById.get(entry.id());
        if (sameId != null && !sameId.toString().equals(text)) {
            return false;
        }
        Integer sameSchema = idByText.get(text);
        if (sameSchema != null && sameSchema != entry.id()) {
            return false;
        }
        for (SubjectVersion v : versions) {
            if (v.schema().toString().equals(text)) {
                return false;
            }
        }
        schemaById.put(entry.id(), entry.schema());
        idByText.put(text, entry.id());
        subjects.computeIfAbsent(entry.subject(), s -> new ArrayList<>()).add(entry);
        maxId = Math.max(maxId, entry.id());
        return true;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        SubjectVersion proposal = propose(subject, schema);
        apply(proposal);
        return proposal.id();
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("unknown schema id " + id + " (known ids: 1.." + maxId + ")");
        }
        return schema;
    }

    /** Whether {@code id} is known. */
    public synchronized boolean containsId(int id) {
        return schemaById.containsKey(id);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        List<SubjectVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaNotFoundException("unknown subject '" + subject + "'");
        }
        List<Integer> numbers = new ArrayList<>(versions.size());
        for (SubjectVersion v : versions) {
            numbers.add(v.version());
        }
        return numbers;
    }

    @Override
    public synchronized SubjectVersion version(String subject, int version) {
        List<SubjectVersion> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaNotFoundException("unknown subject '" + subject + "'");
        }
        if (version < 1 || version > versions.size()) {
            throw new SchemaNotFoundException("subject '" + subject + "' has no version " + version
                    + " (versions: 1.." + versions.size() + ")");
        }
        return versions.get(version - 1);
    }

    /** Whether {@code subject}/{@code version} is known. */
    public synchronized boolean containsVersion(String subject, int version) {
        List<SubjectVersion> versions = subjects.get(subject);
        return versions != null && version >= 1 && version <= versions.size();
    }

    /** The largest id given out so far (0 when empty). */
    public synchronized int maxId() {
        return maxId;
    }

    private static void checkBackward(String subject, Schema candidate, SubjectVersion old) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema());
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append("schema ").append(candidate.getFullName())
                .append(" is not BACKWARD compatible with version ").append(old.version())
                .append(" (id ").append(old.id()).append(") of subject '").append(subject)
                .append("': it cannot read data written with that version:");
        for (Incompatibility problem : result.getResult().getIncompatibilities()) {
            message.append("\n  - ").append(problem.getType()).append(" at ").append(problem.getLocation())
                    .append(": ").append(problem.getMessage());
        }
        message.append("\nAccepted changes: add a field with a default, remove a field, widen a type"
                + " (int->long->float->double), add a union branch.");
        throw new IncompatibleSchemaException(message.toString());
    }
}
