package dev.progrs.schemas.serde;

import dev.progrs.schemas.registry.SchemaRegistry;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes the value of a consumed raw record. Workers consume {@code byte[]} and decode with this,
 * so a poison record fails with a {@link WireFormatException} whose message names topic,
 * partition, offset and the problem, and its original bytes can go to the DLQ. Thread-safe.
 */
public final class RecordDecoder<T extends SpecificRecord> {
    private final AvroDeserializer<T> deserializer;

    public RecordDecoder(AvroDeserializer<T> deserializer) {
        this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    }

    /** A decoder of values of type {@code type}. */
    public static <T extends SpecificRecord> RecordDecoder<T> of(Class<T> type, SchemaRegistry registry) {
        return new RecordDecoder<>(new AvroDeserializer<>(type, registry));
    }

    /**
     * The record's value, decoded. Decoding one record is bounded (see {@link AvroDeserializer}), and
     * whatever goes wrong with its bytes — an {@link Error} included — is this one exception, so a
     * worker's {@code catch (WireFormatException e)} around this call is its complete poison path.
     *
     * @throws WireFormatException located at the record's topic, partition and offset, when the
     *                             value is null or not a decodable record of type {@code T}
     * @throws dev.progrs.schemas.registry.SchemaRegistryUnavailableException when the registry cannot
     *                             be reached (not the record's fault: retry it later, never dead-letter it)
     * @throws dev.progrs.schemas.registry.SchemaRegistryException when the registry refuses the request
     *                             (a 4xx reply other than "unknown id": a configuration problem, not retried)
     */
    public T decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return deserializer.decode(record.value());
        } catch (WireFormatException e) {
            throw e.located(record.topic(), record.partition(), record.offset());
        }
    }
}
