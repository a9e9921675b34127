package dev.progrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.CountingRegistry;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {
    static List<SpecificRecord> everyRecordType() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyRecordTypeRoundTrips(SpecificRecord record) {
        SchemaStore registry = new SchemaStore();
        AvroSerde serde = AvroSerde.of((Class) record.getClass(), registry);
        String topic = "progrs.test." + record.getSchema().getName();

        byte[] bytes = serde.serializer().serialize(topic, record);
        Object decoded = serde.deserializer().deserialize(topic, bytes);

        assertEquals(record, decoded);
        assertNotSame(record, decoded);
        assertEquals(List.of(1), registry.versions(Subjects.value(topic)));
    }

    @Test
    void bytesAreMagicZeroThenTheBigEndianSchemaIdThenTheAvroBody() {
        SchemaStore registry = new SchemaStore();
        for (int i = 0; i < 300; i++) { // push the id past one byte so byte order matters
            registry.register("filler-" + i, org.apache.avro.SchemaBuilder.record("F" + i).fields().endRecord());
        }
        AvroSerde<Trajectory> serde = AvroSerde.of(Trajectory.class, registry);
        byte[] bytes = serde.serializer().serialize(Topics.TRAJECTORIES, SampleRecords.trajectory());
        int id = registry.latest(Subjects.value(Topics.TRAJECTORIES)).id();
        assertEquals(301, id);
        assertEquals(0, bytes[0]);
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(id, WireFormat.schemaId(bytes));
        byte[] body;
        try {
            body = SampleRecords.trajectory().toByteBuffer().array();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        // Avro single-object encoding = 10-byte header + the same binary body.
        assertArrayEquals(java.util.Arrays.copyOfRange(body, 10, body.length),
                java.util.Arrays.copyOfRange(bytes, 5, bytes.length));
    }

    @Test
    void theSerializerRegistersOncePerTopicAndTheDeserializerLooksUpOncePerId() {
        CountingRegistry registry = new CountingRegistry(new SchemaStore());
        AvroSerde<ScoredTrajectory> serde = AvroSerde.of(ScoredTrajectory.class, registry);
        ScoredTrajectory record = SampleRecords.scoredTrajectory();
        for (int i = 0; i < 50; i++) {
            byte[] bytes = serde.serializer().serialize(Topics.SCORED, record);
            assertEquals(record, serde.deserializer().deserialize(Topics.SCORED, bytes));
        }
        serde.serializer().serialize("replay.scored", record);
        assertEquals(2, registry.registers.get(), "one registration per topic");
        assertEquals(1, registry.lookups.get(), "one id lookup");
    }

    @Test
    void separateSerdesShareOneRegistryCallThroughTheCache() {
        CountingRegistry counting = new CountingRegistry(new SchemaStore());
        CachingSchemaRegistry registry = new CachingSchemaRegistry(counting);
        for (int i = 0; i < 3; i++) {
            AvroSerde<Trajectory> serde = AvroSerde.of(Trajectory.class, registry);
            byte[] bytes = serde.serializer().serialize(Topics.TRAJECTORIES, SampleRecords.trajectory());
            serde.deserializer().deserialize(Topics.TRAJECTORIES, bytes);
        }
        assertEquals(1, counting.registers.get());
        assertEquals(0, counting.lookups.get(), "the id of a schema registered through the cache is known to it");
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<Trajectory> serde = AvroSerde.of(Trajectory.class, new SchemaStore());
        assertNull(serde.serializer().serialize(Topics.TRAJECTORIES, null));
        assertNull(serde.deserializer().deserialize(Topics.TRAJECTORIES, null));
    }

    @Test
    void concurrentThreadsEncodeAndDecodeIndependently() throws Exception {
        AvroSerde<Trajectory> serde = AvroSerde.of(Trajectory.class, new SchemaStore());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        Trajectory record = SampleRecords.trajectory("g-" + thread, i % 8, 1 + i % 9, 20 + i);
                        byte[] bytes = serde.serializer().serialize(Topics.TRAJECTORIES, record);
                        assertEquals(record, serde.deserializer().deserialize(Topics.TRAJECTORIES, bytes));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRecordMissingARequiredFieldFailsToSerializeNamingTheTopic() {
        AvroSerde<Trajectory> serde = AvroSerde.of(Trajectory.class, new SchemaStore());
        Trajectory broken = SampleRecords.trajectory();
        broken.setGroupId(null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.errors.SerializationException.class,
                () -> serde.serializer().serialize(Topics.TRAJECTORIES, broken));
        assertTrue(e.getMessage().contains(Topics.TRAJECTORIES), e.getMessage());
        assertTrue(e.getMessage().contains("groupId"), e.getMessage());
        // The thread's encoder is still usable afterwards.
        Trajectory ok = SampleRecords.trajectory();
        assertEquals(ok, serde.deserializer().deserialize(Topics.TRAJECTORIES,
                serde.serializer().serialize(Topics.TRAJECTORIES, ok)));
    }
}
