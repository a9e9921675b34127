package dev.progrs.it;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.registry.SubjectVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * A registry that passes every call through and counts, per call, how often the registry behind it
 * was unavailable ({@link SchemaRegistryUnavailableException}): the explicit barrier of the outage
 * tests ("this stage has met the outage on this path"). Keys are {@code register:<subject>},
 * {@code schemaById:<id>} and the other method names.
 */
final class ObservedRegistry implements SchemaRegistry {
    private final SchemaRegistry delegate;
    private final Map<String, AtomicLong> unavailable = new ConcurrentHashMap<>();

    ObservedRegistry(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    /** How often {@code call} (e.g. {@code "schemaById:3"}) failed because the registry was unavailable. */
    long unavailable(String call) {
        AtomicLong n = unavailable.get(call);
        return n == null ? 0 : n.get();
    }

    /** Every failure counted so far, by call. */
    long unavailableTotal() {
        return unavailable.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public String toString() {
        return "unavailable " + unavailable;
    }

    @Override
    public int register(String subject, Schema schema) {
        return observe("register:" + subject, () -> delegate.register(subject, schema));
    }

    @Override
    public Schema schemaById(int id) {
        return observe("schemaById:" + id, () -> delegate.schemaById(id));
    }

    @Override
    public List<String> subjects() {
        return observe("subjects", delegate::subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        return observe("versions:" + subject, () -> delegate.versions(subject));
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        return observe("version:" + subject, () -> delegate.version(subject, version));
    }

    @Override
    public SubjectVersion latest(String subject) {
        return observe("latest:" + subject, () -> delegate.latest(subject));
    }

    @Override
    public Optional<SubjectVersion> lookup(String subject, Schema schema) {
        return observe("lookup:" + subject, () -> delegate.lookup(subject, schema));
    }

    private <T> T observe(String call, Supplier<T> body) {
        try {
            return body.get();
        } catch (SchemaRegistryUnavailableException e) {
            unavailable.computeIfAbsent(call, c -> new AtomicLong()).incrementAndGet();
            throw e;
        }
    }
}
