package dev.progrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.progrs.schemas.PoisonRecords;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.schemas.serde.WireFormatException.Problem;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Decoding one record allocates in proportion to its real size, and every failure is a WireFormatException. */
class BoundedDecodingTest {
    private final SchemaStore registry = new SchemaStore();

    /** A good record of each topic's value type. */
    private static Map<String, SpecificRecord> samples() {
        Map<String, SpecificRecord> m = new LinkedHashMap<>();
        m.put(Topics.PROMPTS, SampleRecords.prompt());
        m.put(Topics.TRAJECTORIES, SampleRecords.trajectory());
        m.put(Topics.SCORED, SampleRecords.scoredTrajectory());
        m.put(Topics.ADVANTAGES, SampleRecords.groupAdvantages());
        m.put(Topics.POLICY, SampleRecords.policyVersion());
        return m;
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> byte[] encode(String topic, T record) {
        return new AvroSerializer<>((Class<T>) record.getClass(), registry).serialize(topic, record);
    }

    private static long allocatedBytes(Runnable work) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        work.run();
        return mx.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void theThirteenBytePoisonIsRefusedOnEveryTopicWithoutAllocatingItsLength() {
        for (Map.Entry<String, SpecificRecord> sample : samples().entrySet()) {
            String topic = sample.getKey();
            AvroDeserializer<? extends SpecificRecord> d = new AvroDeserializer<>(sample.getValue().getClass(), registry);
            assertEquals(sample.getValue(), d.decode(encode(topic, sample.getValue()))); // warm: reader and resolver built
            byte[] poison = PoisonRecords.forTopic(topic, registry);
            assertEquals(PoisonRecords.SIZE, poison.length);
            AtomicReference<WireFormatException> thrown = new AtomicReference<>();
            long allocated = allocatedBytes(() -> thrown.set(assertThrows(WireFormatException.class, () -> d.decode(poison))));
            WireFormatException e = thrown.get();
            System.out.printf("%s: %d bytes allocated; %s%n", topic, allocated, e.getMessage());
            assertTrue(allocated < 1_000_000, topic + ": decoding the poison allocated " + allocated + " bytes");
            assertEquals(Problem.BAD_BODY, e.problem());
            assertTrue(e.getMessage().contains("a string of 2000000000 bytes needs 2000000000 bytes but"), e.getMessage());
            assertTrue(e.getMessage().contains("of the 8-byte body"), e.getMessage());
        }
    }

    @Test
    void theReasonNamesTheFieldThatOverstatesItsLength() {
        byte[] poison = PoisonRecords.forTopic(Topics.SCORED, registry);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> new AvroDeserializer<>(ScoredTrajectory.class, registry).decode(poison));
        assertTrue(e.getMessage().contains("field trajectory.groupId: a string of 2000000000 bytes"), e.getMessage());
    }

    @Test
    void anArrayBlockLongerThanTheBodyIsRefusedBeforeAvroAllocatesIt() {
        // Trajectory up to promptTokenIds written honestly, then a block that claims 10^9 ints
        Trajectory t = SampleRecords.trajectory();
        byte[] good = encode(Topics.TRAJECTORIES, t);
        Schema schema = Trajectory.getClassSchema();
        int id = registry.register(Subjects.value(Topics.TRAJECTORIES), schema);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        for (String s : new String[] {"g", null, null, "p", "x", "1", "arithmetic"}) {
            if (s == null) {
                body.write(2); // ints sampleIndex = 1, groupSize = 1
            } else {
                body.write(s.length() * 2);
                body.writeBytes(s.getBytes());
            }
        }
        body.write(0); // difficulty: null
        body.write(2); // policyVersion 1
        writeVarLong(body, 1_000_000_000L << 1); // promptTokenIds: one block of 10^9 items
        body.write(2);
        byte[] poison = body.toByteArray();
        AvroDeserializer<Trajectory> d = new AvroDeserializer<>(Trajectory.class, registry);
        d.decode(good);
        AtomicReference<WireFormatException> thrown = new AtomicReference<>();
        long allocated = allocatedBytes(() -> thrown.set(assertThrows(WireFormatException.class, () -> d.decode(poison))));
        assertTrue(allocated < 1_000_000, "allocated " + allocated);
        assertTrue(thrown.get().getMessage().contains("field promptTokenIds: an array block of 1000000000 items of at least 1 byte(s)"),
                thrown.get().getMessage());
    }

    @Test
    void aRecordLargerThanTheLimitIsRefusedUnread() {
        DecodeLimits small = new DecodeLimits(1024);
        byte[] big = encode(Topics.SCORED, SampleRecords.scoredTrajectory());
        assertTrue(big.length > 1024, "sample of " + big.length + " bytes");
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> new AvroDeserializer<>(ScoredTrajectory.class, registry, small).decode(big));
        assertEquals(Problem.TOO_LARGE, e.problem());
        assertTrue(e.getMessage().contains("record of " + big.length + " bytes is larger than the 1024 bytes the decoders accept ("
                + DecodeLimits.MAX_RECORD_BYTES_CONFIG + ")"), e.getMessage());
    }

    @Test
    void everyTruncationAndEveryByteFlipOfARealRecordIsAWireFormatExceptionOrARecord() {
        AvroDeserializer<ScoredTrajectory> d = new AvroDeserializer<>(ScoredTrajectory.class, registry);
        byte[] good = encode(Topics.SCORED, SampleRecords.scoredTrajectory());
        for (int n = WireFormat.HEADER_SIZE; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(WireFormatException.class, () -> d.decode(cut), "prefix of " + n + " bytes");
        }
        SplittableRandom rng = new SplittableRandom(18);
        int refused = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            byte[] flipped = good.clone();
            int at = WireFormat.HEADER_SIZE + rng.nextInt(good.length - WireFormat.HEADER_SIZE);
            flipped[at] = (byte) rng.nextInt(256);
            try {
                d.decode(flipped);
            } catch (WireFormatException e) {
                refused++;
            }
        }
        assertTrue(refused > 0, "some flips must be refused");
    }

    /** A logical type whose conversion fails with an {@link Error}, as an allocation in the middle of a decode would. */
    private static final String FAILING_TYPE = "progrs-test-failing";

    @Test
    void anErrorWhileDecodingIsAWireFormatExceptionWithTheErrorAsCause() {
        LogicalTypes.register(FAILING_TYPE, schema -> new LogicalType(FAILING_TYPE));
        GenericData.get().addLogicalTypeConversion(new Conversion<Object>() {
            @Override
            public Class<Object> getConvertedType() {
                return Object.class;
            }

            @Override
            public String getLogicalTypeName() {
                return FAILING_TYPE;
            }

            @Override
            public Object fromCharSequence(CharSequence value, Schema schema, LogicalType type) {
                throw new OutOfMemoryError("simulated: Java heap space");
            }
        });
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Failing\",\"fields\":[{\"name\":\"s\","
                + "\"type\":{\"type\":\"string\",\"logicalType\":\"" + FAILING_TYPE + "\"}}]}");
        int id = registry.register("failing-value", schema);
        byte[] bytes = {0, 0, 0, 0, 0, 2, 'x'};
        WireFormat.writeHeader(bytes, id);
        WireFormatException e = assertThrows(WireFormatException.class, () -> new GenericAvroDecoder(registry).decode(bytes));
        assertEquals(Problem.BAD_BODY, e.problem());
        assertInstanceOf(OutOfMemoryError.class, e.getCause());
        assertTrue(e.getMessage().contains("java.lang.OutOfMemoryError: simulated: Java heap space"), e.getMessage());
    }

    @Test
    void valuesNestedDeeperThanTheStackAreAWireFormatException() throws Exception {
        Schema node = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":"
                + "[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        int id = registry.register("nodes-value", node);
        GenericAvroDecoder d = new GenericAvroDecoder(registry);
        for (int depth : new int[] {10, 300_000}) {
            byte[] bytes = new byte[WireFormat.HEADER_SIZE + depth + 1];
            WireFormat.writeHeader(bytes, id);
            Arrays.fill(bytes, WireFormat.HEADER_SIZE, bytes.length - 1, (byte) 2); // union branch 1: another Node
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread t = new Thread(null, () -> {
                try {
                    d.decode(bytes);
                } catch (Throwable e) {
                    outcome.set(e);
                }
            }, "deep-decode", 512 * 1024);
            t.start();
            t.join();
            if (depth == 10) {
                assertNull(outcome.get(), "a shallow chain decodes");
            } else {
                WireFormatException w = assertInstanceOf(WireFormatException.class, outcome.get(), "depth " + depth);
                assertEquals(Problem.BAD_BODY, w.problem());
            }
        }
    }

    @Test
    void zeroByteItemsAreBoundedOverTheWholeBodyNotPerArray() {
        // array<array<null>>: every inner block may claim as many items as bytes remain, and each allocates its slots
        Schema nested = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Nulls\",\"fields\":[{\"name\":\"a\","
                + "\"type\":{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":\"null\"}}}]}");
        int id = registry.register("nulls-value", nested);
        int inner = 20_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0, 0});
        writeVarLong(out, (long) inner << 1);
        for (int i = 0; i < inner; i++) {
            writeVarLong(out, 50_000L << 1); // 50 000 nulls: 3 bytes on the wire, 200 kB of slots in memory
            out.write(0);
        }
        out.write(0);
        byte[] bytes = out.toByteArray();
        WireFormat.writeHeader(bytes, id);
        WireFormatException e = assertThrows(WireFormatException.class, () -> new GenericAvroDecoder(registry).decode(bytes));
        assertTrue(e.getMessage().contains("items of zero-byte type NULL in a " + (bytes.length - 5) + "-byte body"), e.getMessage());
    }

    @Test
    void everyArrayAndMapItemOfThePipelineSchemasTakesAtLeastOneByte() {
        // why Avro's collection limit may equal the record bound: n items need at least n bytes
        for (SpecificRecord r : SampleRecords.all()) {
            Schema schema = r.getSchema();
            DeclaredLengths lengths = new DeclaredLengths(schema);
            assertItemsTakeBytes(schema, lengths, new java.util.HashSet<>());
        }
    }

    private static void assertItemsTakeBytes(Schema s, DeclaredLengths lengths, java.util.Set<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (seen.add(s.getFullName())) {
                    s.getFields().forEach(f -> assertItemsTakeBytes(f.schema(), lengths, seen));
                }
            }
            case UNION -> s.getTypes().forEach(b -> assertItemsTakeBytes(b, lengths, seen));
            case ARRAY -> {
                assertTrue(lengths.minBytes(s.getElementType()) >= 1, "items of " + s);
                assertItemsTakeBytes(s.getElementType(), lengths, seen);
            }
            case MAP -> assertItemsTakeBytes(s.getValueType(), lengths, seen);
            default -> {
            }
        }
    }

    @Test
    void avrosOwnLimitsAreSetToTheRecordBound() {
        new AvroDeserializer<>(Prompt.class, registry);
        String max = Integer.toString(DecodeLimits.fromSystemProperties().maxRecordBytes());
        assertEquals(max, System.getProperty(SystemLimitException.MAX_STRING_LENGTH_PROPERTY));
        assertEquals(max, System.getProperty(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY));
        assertEquals(max, System.getProperty(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY));
        assertThrows(SystemLimitException.class, () -> SystemLimitException.checkMaxStringLength(PoisonRecords.DECLARED_LENGTH));
    }

    @Test
    void anInvalidLimitIsRefusedNamingThePropertyAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(10));
        assertEquals(DecodeLimits.MAX_RECORD_BYTES_CONFIG + "=10 is invalid; accepted: 1024..2147483639 bytes", e.getMessage());
    }

    private static void writeVarLong(ByteArrayOutputStream out, long zigzag) {
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
    }
}
