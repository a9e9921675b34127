package dev.progrs.schemas.serde;

import dev.progrs.schemas.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka {@link Serde} for one Avro specific record class in the Confluent wire format
 * ({@link WireFormat}), registering and looking up schemas in a {@link SchemaRegistry}. The
 * serializer and deserializer are shared and thread-safe.
 *
 * <pre>{@code
 * Serde<Trajectory> serde = AvroSerde.of(Trajectory.class, registry);
 * }</pre>
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** A serde for values of type {@code type} (subject {@code {topic}-value}). */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(new AvroSerializer<>(type, registry, false), new AvroDeserializer<>(type, registry));
    }

    /** A serde for keys of type {@code type} (subject {@code {topic}-key}). */
    public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, SchemaRegistry registry) {
        return new AvroSerde<>(new AvroSerializer<>(type, registry, true), new AvroDeserializer<>(type, registry));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    /** A decoder of consumed records that names topic, partition and offset in its errors. */
    public RecordDecoder<T> recordDecoder() {
        return new RecordDecoder<>(deserializer);
    }
}
