package dev.progrs.it;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.registry.SubjectVersion;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * A fault switch in front of a registry: while {@link #down() down}, every call throws
 * {@link SchemaRegistryUnavailableException} as a REST client does once its retries are used up,
 * and is counted ({@link #refused()}, the barrier "the stage has asked and been refused").
 */
final class SwitchableRegistry implements SchemaRegistry {
    private final SchemaRegistry delegate;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean down;

    SwitchableRegistry(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    /** Calls refused while down. */
    long refused() {
        return refused.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        return call(() -> delegate.register(subject, schema));
    }

    @Override
    public Schema schemaById(int id) {
        return call(() -> delegate.schemaById(id));
    }

    @Override
    public List<String> subjects() {
        return call(delegate::subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        return call(() -> delegate.versions(subject));
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        return call(() -> delegate.version(subject, version));
    }

    @Override
    public Optional<SubjectVersion> lookup(String subject, Schema schema) {
        return call(() -> delegate.lookup(subject, schema));
    }

    private <T> T call(Supplier<T> body) {
        if (down) {
            refused.incrementAndGet();
            throw new SchemaRegistryUnavailableException("test fault switch: the schema registry is down", null);
        }
        return body.get();
    }
}
