package dev.progrs.schemas.serde;

import dev.progrs.schemas.registry.SchemaNotFoundException;
import dev.progrs.schemas.registry.SchemaRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes Confluent-wire-format bytes into a specific record: reads the schema id, fetches the
 * writer schema from the registry (once per id, cached with its reader) and decodes with Avro
 * schema resolution from the writer schema to the class's schema, so data written by an older or
 * newer version of the class decodes as long as the schemas are compatible. Decoders are reused
 * per thread. Thread-safe.
 *
 * <p>A null value (tombstone) gives null, as Kafka's contract asks; every other undecodable input
 * throws {@link WireFormatException} with the problem. Use {@link RecordDecoder} to have topic,
 * partition and offset in the message.
 *
 * <p>Bounded: a record longer than {@link DecodeLimits#maxRecordBytes()} is refused unread
 * ({@link WireFormatException.Problem#TOO_LARGE}); every length the body declares is checked against
 * the bytes it holds before Avro allocates ({@link DeclaredLengths}); Avro's own JVM-wide limits are
 * set from the same bound ({@link AvroLimits}). Whatever still goes wrong while decoding one record,
 * an {@link Error} such as {@link OutOfMemoryError} or {@link StackOverflowError} included, becomes a
 * {@link WireFormatException} ({@link WireFormatException.Problem#BAD_BODY}) naming it, so the
 * caller dead-letters that record instead of losing its thread: the one exception that passes
 * through is {@link dev.progrs.schemas.registry.SchemaRegistryException}: when the registry is down
 * ({@link dev.progrs.schemas.registry.SchemaRegistryUnavailableException}) retry, do not dead-letter;
 * any other refusal is a configuration problem.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    /** The reader for one writer schema id, or why there is none. */
    private record Reader<T>(SpecificDatumReader<T> reader, Schema writer, DeclaredLengths lengths, String incompatibility) {
    }

    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private final Class<T> type;
    private final SpecificData data;
    private final Schema readerSchema;
    private final SchemaRegistry registry;
    private final Map<Integer, Reader<T>> readers = new ConcurrentHashMap<>();
    private final DecodeLimits limits;

    /** With the limits of {@link DecodeLimits#fromSystemProperties()}. */
    public AvroDeserializer(Class<T> type, SchemaRegistry registry) {
        this(type, registry, DecodeLimits.fromSystemProperties());
    }

    public AvroDeserializer(Class<T> type, SchemaRegistry registry, DecodeLimits limits) {
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        AvroLimits.install(limits);
    }

    /** The reader schema (the class's schema). */
    public Schema readerSchema() {
        return readerSchema;
    }

    /** The record type produced. */
    public Class<T> type() {
        return type;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return decode(bytes);
    }

    /**
     * Decodes {@code bytes}; unlike {@link #deserialize(String, byte[])} a null is an error.
     *
     * @throws WireFormatException naming the problem
     */
    public T decode(byte[] bytes) {
        int id = WireFormat.schemaId(bytes);
        WireFormat.checkSize(bytes, id, limits);
        Reader<T> reader = reader(id);
        if (reader.incompatibility != null) {
            throw new WireFormatException(WireFormatException.Problem.INCOMPATIBLE_SCHEMA, id, reader.incompatibility, null);
        }
        int bodyLength = bytes.length - WireFormat.HEADER_SIZE;
        String overstated = reader.lengths.problem(bytes, WireFormat.HEADER_SIZE, bodyLength);
        if (overstated != null) {
            throw new WireFormatException(WireFormatException.Problem.BAD_BODY, id, "Avro body of " + bodyLength
                    + " bytes with writer schema id " + id + " (" + reader.writer.getFullName() + ") declares more than it holds, "
                    + "refused before decoding: " + overstated, null);
        }
        BinaryDecoder[] slot = DECODER.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE, bodyLength, slot[0]);
        slot[0] = decoder;
        T record;
        try {
            record = reader.reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("the body has bytes left over after the record");
            }
        } catch (IOException | RuntimeException | Error e) {
            slot[0] = null; // an Error may leave the decoder half-way through a value
            throw new WireFormatException(WireFormatException.Problem.BAD_BODY, id, "Avro body of " + bodyLength
                    + " bytes does not decode with writer schema id " + id + " (" + reader.writer.getFullName() + ") as "
                    + type.getSimpleName() + ": " + e + " (truncated or corrupt record)", e);
        }
        return record;
    }

    private Reader<T> reader(int id) {
        Reader<T> reader = readers.get(id);
        if (reader == null) {
            reader = newReader(id);
            readers.put(id, reader);
        }
        return reader;
    }

    private Reader<T> newReader(int id) {
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new WireFormatException(WireFormatException.Problem.UNKNOWN_SCHEMA_ID, id,
                    "unknown schema id " + id + ": the registry does not know it (" + e.getMessage() + ")", e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            StringBuilder why = new StringBuilder("writer schema id ").append(id).append(" (").append(writer.getFullName())
                    .append(") cannot be read as ").append(readerSchema.getFullName()).append(':');
            for (SchemaCompatibility.Incompatibility problem : compatibility.getResult().getIncompatibilities()) {
                why.append(' ').append(problem.getType()).append(" at ").append(problem.getLocation())
                        .append(" (").append(problem.getMessage()).append(");");
            }
            return new Reader<>(null, writer, null, why.toString());
        }
        return new Reader<>(new SpecificDatumReader<>(writer, readerSchema, data), writer, new DeclaredLengths(writer), null);
    }
}
