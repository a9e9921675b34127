package dev.progrs.schemas.serde;

import dev.progrs.schemas.registry.SchemaNotFoundException;
import dev.progrs.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes wire-format bytes of any topic with nothing but the registry: the writer schema of the
 * id in the header is all it needs (no generated classes), so tools such as {@code progrs dump}
 * can print any record as JSON. Two renderings:
 * <ul>
 *   <li>{@link #toJson}: plain JSON as {@link GenericData#toString(Object)} writes it, a union
 *       value printed as itself (e.g. {@code "difficulty": 3}); NaN and infinities as strings.</li>
 *   <li>{@link #toAvroJson}: Avro's JSON encoding, which wraps union values with their branch
 *       (e.g. {@code "difficulty": {"int": 3}}) and can be decoded back with the schema.</li>
 * </ul>
 * Bounded as {@link AvroDeserializer} is: records above {@link DecodeLimits#maxRecordBytes()} and
 * bodies that declare more than they hold are refused before Avro allocates, and any failure while
 * decoding, an {@link Error} included, is a {@link WireFormatException}. Thread-safe; readers are
 * cached per schema id.
 */
public final class GenericAvroDecoder {
    private final SchemaRegistry registry;
    private final DecodeLimits limits;
    private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final Map<Integer, DeclaredLengths> lengths = new ConcurrentHashMap<>();

    /** With the limits of {@link DecodeLimits#fromSystemProperties()}. */
    public GenericAvroDecoder(SchemaRegistry registry) {
        this(registry, DecodeLimits.fromSystemProperties());
    }

    public GenericAvroDecoder(SchemaRegistry registry, DecodeLimits limits) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limits = Objects.requireNonNull(limits, "limits");
        AvroLimits.install(limits);
    }

    /**
     * The datum in {@code bytes} (a {@link org.apache.avro.generic.GenericRecord} for record schemas).
     *
     * @throws WireFormatException naming the problem
     */
    public Object decode(byte[] bytes) {
        int id = WireFormat.schemaId(bytes);
        WireFormat.checkSize(bytes, id, limits);
        GenericDatumReader<Object> reader = reader(id);
        int bodyLength = bytes.length - WireFormat.HEADER_SIZE;
        String overstated = lengths.computeIfAbsent(id, i -> new DeclaredLengths(reader.getSchema()))
                .problem(bytes, WireFormat.HEADER_SIZE, bodyLength);
        if (overstated != null) {
            throw new WireFormatException(WireFormatException.Problem.BAD_BODY, id, "Avro body of " + bodyLength
                    + " bytes with writer schema id " + id + " (" + reader.getSchema().getFullName() + ") declares more than it "
                    + "holds, refused before decoding: " + overstated, null);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE, bodyLength, null);
        try {
            Object datum = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("the body has bytes left over after the record");
            }
            return datum;
        } catch (IOException | RuntimeException | Error e) {
            throw new WireFormatException(WireFormatException.Problem.BAD_BODY, id, "Avro body of "
                    + (bytes.length - WireFormat.HEADER_SIZE) + " bytes does not decode with writer schema id " + id
                    + " (" + reader.getSchema().getFullName() + "): " + e + " (truncated or corrupt record)", e);
        }
    }

    /** {@code bytes} as one line of plain JSON. */
    public String toJson(byte[] bytes) {
        return GenericData.get().toString(decode(bytes));
    }

    /** {@code bytes} as one line of Avro's JSON encoding (round-trippable with the writer schema). */
    public String toAvroJson(byte[] bytes) {
        int id = WireFormat.schemaId(bytes);
        Object datum = decode(bytes);
        Schema schema = reader(id).getSchema();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 2);
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of {@code record} as plain JSON; errors name topic, partition and offset. */
    public String toJson(ConsumerRecord<byte[], byte[]> record) {
        try {
            return toJson(record.value());
        } catch (WireFormatException e) {
            throw e.located(record.topic(), record.partition(), record.offset());
        }
    }

    /** The value of {@code record} in Avro's JSON encoding; errors name topic, partition and offset. */
    public String toAvroJson(ConsumerRecord<byte[], byte[]> record) {
        try {
            return toAvroJson(record.value());
        } catch (WireFormatException e) {
            throw e.located(record.topic(), record.partition(), record.offset());
        }
    }

    /** The writer schema of {@code bytes}. */
    public Schema writerSchema(byte[] bytes) {
        return reader(WireFormat.schemaId(bytes)).getSchema();
    }

    private GenericDatumReader<Object> reader(int id) {
        GenericDatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            Schema writer;
            try {
                writer = registry.schemaById(id);
            } catch (SchemaNotFoundException e) {
                throw new WireFormatException(WireFormatException.Problem.UNKNOWN_SCHEMA_ID, id,
                        "unknown schema id " + id + ": the registry does not know it (" + e.getMessage() + ")", e);
            }
            reader = new GenericDatumReader<>(writer, writer, GenericData.get());
            readers.put(id, reader);
        }
        return reader;
    }
}
