package dev.progrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.TestSchemas;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.IncompatibleSchemaException;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.wire.Trajectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** v1 = the generated Trajectory; v2 = the same plus an optional field (test resources). */
class SchemaEvolutionTest {
    private static final Schema V2 = TestSchemas.load("/evolution/TrajectoryV2.avsc");
    private final SchemaStore registry = new SchemaStore();
    private final AvroSerde<Trajectory> v1 = AvroSerde.of(Trajectory.class, registry);

    @Test
    void aV2ReaderReadsV1DataWithTheNewFieldAtItsDefault() throws IOException {
        Trajectory written = SampleRecords.trajectory();
        byte[] bytes = v1.serializer().serialize(Topics.TRAJECTORIES, written);

        Schema writer = registry.schemaById(WireFormat.schemaId(bytes));
        GenericRecord read = new GenericDatumReader<GenericRecord>(writer, V2).read(null,
                DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

        assertNull(read.get("reviewNote"));
        assertEquals("g-000042", read.get("groupId").toString());
        assertEquals(written.getResponseTokenIds(), read.get("responseTokenIds"));
        assertEquals(written.getOutcomeReward(), read.get("outcomeReward"));
    }

    @Test
    void theV1ClassReadsV2DataIgnoringTheNewField() throws IOException {
        registry.register(Subjects.value(Topics.TRAJECTORIES), Trajectory.getClassSchema());
        int v2Id = registry.register(Subjects.value(Topics.TRAJECTORIES), V2);
        Trajectory original = SampleRecords.trajectory();
        GenericRecord asV2 = copyInto(original, V2);
        asV2.put("reviewNote", "checked by hand");

        Trajectory read = v1.deserializer().deserialize(Topics.TRAJECTORIES, wireBytes(v2Id, V2, asV2));

        assertEquals(original, read);
        assertEquals(2, registry.versions(Subjects.value(Topics.TRAJECTORIES)).size());
    }

    @Test
    void aRequiredFieldWithoutDefaultIsRefusedAtRegistration() {
        v1.serializer().serialize(Topics.TRAJECTORIES, SampleRecords.trajectory());
        Schema incompatible = TestSchemas.load("/evolution/TrajectoryRequiredField.avsc");

        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> registry.register(Subjects.value(Topics.TRAJECTORIES), incompatible));

        assertTrue(e.getMessage().contains("'rank'") || e.getMessage().contains("rank"), e.getMessage());
        assertTrue(e.getMessage().contains("progrs.trajectories-value"), e.getMessage());
    }

    private static GenericRecord copyInto(Trajectory trajectory, Schema schema) throws IOException {
        // Re-read the v1 binary with the v2 schema: the way a v2 producer would hold the same data.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(Trajectory.getClassSchema(), GenericData.get()).write(trajectory, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(Trajectory.getClassSchema(), schema)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] wireBytes(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
