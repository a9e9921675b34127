package dev.progrs.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry: the id a subject gave a schema, the schema of an id,
 * and numbered subject versions. Subject and version listings pass through, since they grow.
 * Failures are not cached, so a schema registered later by another process is found on the next
 * lookup. Thread-safe.
 */
public final class CachingSchemaRegistry implements SchemaRegistry {
    private record Registration(String subject, String schemaText) {
    }

    private record Version(String subject, int version) {
    }

    private final SchemaRegistry delegate;
    private final Map<Registration, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<Version, SubjectVersion> versions = new ConcurrentHashMap<>();

    public CachingSchemaRegistry(SchemaRegistry delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** {@code registry} with a cache in front, unless it already is a caching registry. */
    public static SchemaRegistry wrap(SchemaRegistry registry) {
        return registry instanceof CachingSchemaRegistry ? registry : new CachingSchemaRegistry(registry);
    }

    @Override
    public int register(String subject, Schema schema) {
        Registration key = new Registration(subject, schema.toString());
        Integer id = ids.get(key);
        if (id == null) {
            id = delegate.register(subject, schema);
            ids.put(key, id);
            schemas.putIfAbsent(id, schema);
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            schema = delegate.schemaById(id);
            schemas.put(id, schema);
        }
        return schema;
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        Version key = new Version(subject, version);
        SubjectVersion found = versions.get(key);
        if (found == null) {
            found = delegate.version(subject, version);
            versions.put(key, found);
        }
        return found;
    }

    @Override
    public Optional<SubjectVersion> lookup(String subject, Schema schema) {
        return delegate.lookup(subject, schema);
    }

    /** The registry behind the cache. */
    public SchemaRegistry delegate() {
        return delegate;
    }
}
