package dev.progrs.schemas.registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts the calls that reach a real registry, to prove caching. */
public final class CountingRegistry implements SchemaRegistry {
    public final AtomicInteger registers = new AtomicInteger();
    public final AtomicInteger lookups = new AtomicInteger();
    private final SchemaRegistry delegate;

    public CountingRegistry(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        lookups.incrementAndGet();
        return delegate.schemaById(id);
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
        lookups.incrementAndGet();
        return delegate.version(subject, version);
    }
}
