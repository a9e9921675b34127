package dev.progrs.schemas.registry;

import java.util.function.Consumer;

/**
 * The durable, ordered log behind {@link EmbeddedSchemaRegistry}: every accepted registration is
 * appended, and replaying the log in order through {@link SchemaStore#apply} rebuilds the same
 * registry. The Kafka implementation is {@link KafkaSchemaLog} (topic {@code progrs._schemas}).
 * Implementations need not be thread-safe; the registry serialises its calls.
 */
public interface SchemaLog extends AutoCloseable {
    /** Appends {@code entry} and returns once it is durable; returns its position in the log. */
    long append(SubjectVersion entry);

    /**
     * Passes every entry after the last one read to {@code sink}, in log order, up to the end of
     * the log as of this call (so an entry appended before the call is always included).
     */
    void readToEnd(Consumer<SubjectVersion> sink);

    /** Where the log lives, for messages (e.g. {@code progrs._schemas on 127.0.0.1:9092}). */
    String describe();

    @Override
    void close();
}
