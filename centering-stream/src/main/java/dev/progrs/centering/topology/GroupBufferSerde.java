package dev.progrs.centering.topology;

import dev.progrs.centering.store.GroupBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary for the state-store value {@link GroupBuffer}. The store and its changelog are
 * private to one application id, so there is no registry and no schema id: writer and reader are
 * always this build's schema. Changing {@code GroupBuffer.avsc} therefore needs a new application
 * id (or an empty changelog). Thread-safe.
 */
public final class GroupBufferSerde implements Serde<GroupBuffer> {

    private final SpecificDatumWriter<GroupBuffer> writer = new SpecificDatumWriter<>(GroupBuffer.class);
    private final SpecificDatumReader<GroupBuffer> reader = new SpecificDatumReader<>(GroupBuffer.class);

    @Override
    public Serializer<GroupBuffer> serializer() {
        return (topic, value) -> value == null ? null : encode(value);
    }

    @Override
    public Deserializer<GroupBuffer> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** @return the Avro binary encoding of {@code value} */
    public byte[] encode(GroupBuffer value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            synchronized (writer) {
                writer.write(value, encoder);
            }
            encoder.flush();
        } catch (IOException e) {
            throw new SerializationException("cannot encode GroupBuffer of group " + value.getGroupId(), e);
        }
        return out.toByteArray();
    }

    /** @return the group buffer encoded in {@code bytes} */
    public GroupBuffer decode(byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            synchronized (reader) {
                return reader.read(null, decoder);
            }
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode GroupBuffer (" + bytes.length + " bytes)", e);
        }
    }
}
