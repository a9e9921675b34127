package dev.progrs.centering.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary for the values of the topology's own stores ({@code GroupHeader},
 * {@code BufferedSample}). A store and its changelog are private to one application id, so there is
 * no registry and no schema id: writer and reader are always this build's schema. Changing those
 * schemas therefore needs a new application id (or new store names). Thread-safe; the encoder and
 * decoder are reused per thread.
 *
 * @param <T> the generated record class
 */
final class StoreAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);
    private static final ThreadLocal<BinaryEncoder[]> ENCODER = ThreadLocal.withInitial(() -> new BinaryEncoder[1]);

    private final Class<T> type;
    private final ThreadLocal<SpecificDatumWriter<T>> writer;
    private final ThreadLocal<SpecificDatumReader<T>> reader;

    StoreAvroSerde(Class<T> type) {
        this.type = type;
        // the generated customEncode/customDecode: field by field, without the generic writer's dispatch per value
        SpecificData data = new SpecificData(type.getClassLoader());
        data.setCustomCoders(true);
        Schema schema = data.getSchema(type);
        this.writer = ThreadLocal.withInitial(() -> new SpecificDatumWriter<>(schema, data));
        this.reader = ThreadLocal.withInitial(() -> new SpecificDatumReader<>(schema, schema, data));
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** @return the Avro binary encoding of {@code value} */
    byte[] encode(T value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        BinaryEncoder[] slot = ENCODER.get();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, slot[0]);
        slot[0] = encoder;
        try {
            writer.get().write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName(), e);
        }
        return out.toByteArray();
    }

    /** @return the value encoded in {@code bytes} */
    T decode(byte[] bytes) {
        BinaryDecoder[] slot = DECODER.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, slot[0]);
        slot[0] = decoder;
        try {
            return reader.get().read(null, decoder);
        } catch (IOException | RuntimeException e) {
            slot[0] = null;
            throw new SerializationException("cannot decode " + type.getSimpleName() + " (" + bytes.length + " bytes)", e);
        }
    }
}
