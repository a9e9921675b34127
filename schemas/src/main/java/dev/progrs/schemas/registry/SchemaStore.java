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
    /** The versions of one subject, in order, and the same indexed by schema text. */
    private static final class Subject {
        final List<SubjectVersion> versions = new ArrayList<>();
        final Map<String, SubjectVersion> byText = new HashMap<>();
    }

    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<Integer, String> textById = new HashMap<>();
    private final Map<String, Integer> idByText = new HashMap<>();
    private final TreeMap<String, Subject> subjects = new TreeMap<>();
    private int maxId;

    /**
     * The version of {@code subject} that holds {@code schema}, if it is registered there.
     */
    @Override
    public synchronized Optional<SubjectVersion> lookup(String subject, Schema schema) {
        Subject state = subjects.get(subject);
        return state == null ? Optional.empty() : Optional.ofNullable(state.byText.get(schema.toString()));
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
        Subject state = subjects.get(subject);
        List<SubjectVersion> versions = state == null ? List.of() : state.versions;
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
        Subject state = subjects.get(entry.subject());
        int versions = state == null ? 0 : state.versions.size();
        if (entry.version() != versions + 1) {
            return false;
        }
        String text = entry.schema().toString();
        String sameId = textById.get(entry.id());
        if (sameId != null && !sameId.equals(text)) {
            return false;
        }
        Integer sameSchema = idByText.get(text);
        if (sameSchema != null && sameSchema != entry.id()) {
            return false;
        }
        if (state != null && state.byText.containsKey(text)) {
            return false;
        }
        schemaById.putIfAbsent(entry.id(), entry.schema());
        textById.put(entry.id(), text);
        idByText.put(text, entry.id());
        Subject subject = subjects.computeIfAbsent(entry.subject(), s -> new Subject());
        subject.versions.add(entry);
        subject.byText.put(text, entry);
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
        List<SubjectVersion> versions = versionsOf(subject);
        List<Integer> numbers = new ArrayList<>(versions.size());
        for (SubjectVersion v : versions) {
            numbers.add(v.version());
        }
        return numbers;
    }

    @Override
    public synchronized SubjectVersion version(String subject, int version) {
        List<SubjectVersion> versions = versionsOf(subject);
        if (version < 1 || version > versions.size()) {
            throw new SchemaNotFoundException("subject '" + subject + "' has no version " + version
                    + " (versions: 1.." + versions.size() + ")");
        }
        return versions.get(version - 1);
    }

    /** Whether {@code subject}/{@code version} is known. */
    public synchronized boolean containsVersion(String subject, int version) {
        Subject state = subjects.get(subject);
        return state != null && version >= 1 && version <= state.versions.size();
    }

    /** The largest id given out so far (0 when empty). */
    public synchronized int maxId() {
        return maxId;
    }

    private List<SubjectVersion> versionsOf(String subject) {
        Subject state = subjects.get(subject);
        if (state == null) {
            throw new SchemaNotFoundException("unknown subject '" + subject + "'");
        }
        return state.versions;
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
