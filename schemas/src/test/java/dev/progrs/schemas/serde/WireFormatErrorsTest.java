package dev.progrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.serde.WireFormatException.Problem;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatErrorsTest {
    private final SchemaStore registry = new SchemaStore();
    private final AvroSerde<ScoredTrajectory> serde = AvroSerde.of(ScoredTrajectory.class, registry);
    private final RecordDecoder<ScoredTrajectory> decoder = serde.recordDecoder();
    private final byte[] good = serde.serializer().serialize(Topics.SCORED, SampleRecords.scoredTrajectory());

    private WireFormatException decodeAt(byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.SCORED, 3, 1204L, "g-000042".getBytes(), value);
        return assertThrows(WireFormatException.class, () -> decoder.decode(record));
    }

    private static void assertLocated(WireFormatException e) {
        assertTrue(e.getMessage().startsWith("topic progrs.scored partition 3 offset 1204: "), e.getMessage());
        assertEquals(Topics.SCORED, e.topic());
        assertEquals(3, e.partition());
        assertEquals(1204L, e.offset());
    }

    @Test
    void shortBytesAreTruncatedWithTheirLength() {
        WireFormatException e = decodeAt(new byte[] {0, 0, 1});
        assertEquals(Problem.TRUNCATED, e.problem());
        assertTrue(e.getMessage().contains("truncated: 3 bytes, need at least 5"), e.getMessage());
        assertLocated(e);
    }

    @Test
    void emptyBytesAreTruncated() {
        WireFormatException e = decodeAt(new byte[0]);
        assertEquals(Problem.TRUNCATED, e.problem());
        assertTrue(e.getMessage().contains("truncated: 0 bytes"), e.getMessage());
    }

    @Test
    void aNullValueIsAnErrorForTheRecordDecoder() {
        WireFormatException e = decodeAt(null);
        assertEquals(Problem.NULL_VALUE, e.problem());
        assertLocated(e);
    }

    @Test
    void anUnknownMagicByteIsShownWithTheExpectedOne() {
        byte[] json = "{\"groupId\": \"g-1\"}".getBytes();
        WireFormatException e = decodeAt(json);
        assertEquals(Problem.UNKNOWN_MAGIC_BYTE, e.problem());
        assertTrue(e.getMessage().contains("unknown magic byte 0x7b, expected 0x00"), e.getMessage());
        assertTrue(e.getMessage().contains("7b 22 67"), "shows the first bytes: " + e.getMessage());
        assertLocated(e);
    }

    @Test
    void anUnknownSchemaIdIsNamed() {
        byte[] bytes = good.clone();
        bytes[4] = 77;
        WireFormatException e = decodeAt(bytes);
        assertEquals(Problem.UNKNOWN_SCHEMA_ID, e.problem());
        assertEquals(77, e.schemaId());
        assertTrue(e.getMessage().contains("unknown schema id 77"), e.getMessage());
        assertLocated(e);
    }

    @Test
    void aTruncatedBodyIsABadBody() {
        WireFormatException e = decodeAt(Arrays.copyOf(good, good.length - 40));
        assertEquals(Problem.BAD_BODY, e.problem());
        // the length check sees it first: the last string declares more bytes than are left
        assertTrue(e.getMessage().contains("with writer schema id 1 (dev.progrs.wire.ScoredTrajectory) declares more than it holds"),
                e.getMessage());
        assertLocated(e);
    }

    @Test
    void trailingBytesAfterTheRecordAreABadBody() {
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertEquals(Problem.BAD_BODY, decodeAt(longer).problem());
    }

    @Test
    void corruptBodyBytesGiveTheClearErrorNotAnotherException() {
        // Flip every byte of the body in turn: each must decode to something or fail as a WireFormatException.
        AvroDeserializer<ScoredTrajectory> deserializer = (AvroDeserializer<ScoredTrajectory>) serde.deserializer();
        int failures = 0;
        for (int i = 5; i < Math.min(good.length, 400); i++) {
            byte[] corrupt = good.clone();
            corrupt[i] = (byte) 0x81;
            try {
                deserializer.decode(corrupt);
            } catch (WireFormatException e) {
                failures++;
            }
        }
        assertTrue(failures > 0, "some corruptions must be detected");
    }

    @Test
    void dataOfAnotherRecordTypeIsAnIncompatibleSchema() {
        byte[] prompt = AvroSerde.of(Prompt.class, registry).serializer().serialize(Topics.PROMPTS, SampleRecords.prompt());
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.PROMPTS, 0, 9L, null, prompt);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> RecordDecoder.of(Trajectory.class, registry).decode(record));
        assertEquals(Problem.INCOMPATIBLE_SCHEMA, e.problem());
        assertTrue(e.getMessage().contains("(dev.progrs.wire.Prompt) cannot be read as dev.progrs.wire.Trajectory"), e.getMessage());
        assertTrue(e.getMessage().startsWith("topic progrs.prompts partition 0 offset 9: "), e.getMessage());
    }

    @Test
    void theDeserializerThrowsTheSameProblemsUnlocatedAsKafkaSerializationExceptions() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(Topics.SCORED, new byte[] {1, 0, 0, 0, 1, 2}));
        assertTrue(e instanceof WireFormatException);
        assertEquals(-1, ((WireFormatException) e).partition());
        assertTrue(e.getMessage().startsWith("unknown magic byte 0x01"), e.getMessage());
    }

    @Test
    void aGoodRecordStillDecodesAfterFailures() {
        decodeAt(new byte[] {0});
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.SCORED, 3, 1205L, null, good);
        assertEquals(SampleRecords.scoredTrajectory(), decoder.decode(record));
    }
}
