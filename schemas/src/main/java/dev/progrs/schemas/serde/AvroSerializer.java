package dev.progrs.schemas.serde;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.Subjects;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes a specific record in the Confluent wire format: {@code 0}, the 4-byte id of the
 * class's schema, the Avro binary body. The schema is registered under {@code {topic}-value}
 * ({@code {topic}-key} for a key serializer) on first use per topic and the id cached, so the
 * registry sees one call per topic per serializer. Encoder and buffer are reused per thread; the
 * only allocation per record is the returned array. Thread-safe.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private static final class ThreadState {
        final WireBuffer buffer = new WireBuffer(4096);
        BinaryEncoder encoder;
    }

    private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

    private final Class<T> type;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SchemaRegistry registry;
    private final boolean isKey;
    private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

    public AvroSerializer(Class<T> type, SchemaRegistry registry, boolean isKey) {
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.isKey = isKey;
        SpecificData data = SpecificData.getForClass(type);
        this.schema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, data);
    }

    /** A value serializer for {@code type}. */
    public AvroSerializer(Class<T> type, SchemaRegistry registry) {
        this(type, registry, false);
    }

    /** The writer schema (the class's schema). */
    public Schema schema() {
        return schema;
    }

    /** The id of the writer schema under {@code topic}'s subject, registering it on first use. */
    public int schemaId(String topic) {
        Integer id = idByTopic.get(topic);
        if (id == null) {
            id = registry.register(isKey ? Subjects.key(topic) : Subjects.value(topic), schema);
            idByTopic.put(topic, id);
        }
        return id;
    }

    /** {@code null} for a null record (a tombstone), else the wire bytes. */
    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        int id = schemaId(topic);
        ThreadState state = STATE.get();
        WireBuffer buffer = state.buffer;
        buffer.startRecord();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, state.encoder);
            state.encoder = encoder;
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            state.encoder = null;
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic
                    + " with schema id " + id + ": " + e, e);
        }
        byte[] bytes = buffer.toWireBytes(id);
        if (buffer.oversized()) {
            STATE.remove();
        }
        return bytes;
    }
}
