package dev.progrs.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.Trajectory;
import java.io.ByteArrayInputStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class GenericAvroDecoderTest {
    private final SchemaStore registry = new SchemaStore();
    private final GenericAvroDecoder decoder = new GenericAvroDecoder(registry);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void plainJsonHasEveryFieldWithItsValue() throws Exception {
        Trajectory trajectory = SampleRecords.trajectory();
        byte[] bytes = AvroSerde.of(Trajectory.class, registry).serializer().serialize(Topics.TRAJECTORIES, trajectory);

        JsonNode node = json.readTree(decoder.toJson(bytes));

        assertEquals("g-000042", node.get("groupId").asText());
        assertEquals(5, node.get("difficulty").asInt(), "a union value prints as itself");
        assertEquals(200, node.get("responseTokenIds").size());
        assertEquals(8, node.get("steps").size());
        assertEquals(trajectory.getBehaviourLogProbs().get(7), node.get("behaviourLogProbs").get(7).floatValue());
        assertEquals(trajectory.getSchema().getFields().size(), node.size());
    }

    @Test
    void avroJsonDecodesBackToTheSameRecord() throws Exception {
        GroupAdvantages group = SampleRecords.groupAdvantages();
        byte[] bytes = AvroSerde.of(GroupAdvantages.class, registry).serializer().serialize(Topics.ADVANTAGES, group);

        String text = decoder.toAvroJson(bytes);

        assertTrue(text.contains("\"difficulty\":{\"int\":5}"), text.substring(0, 200));
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(decoder.writerSchema(bytes));
        GenericRecord back = reader.read(null, DecoderFactory.get().jsonDecoder(decoder.writerSchema(bytes),
                new ByteArrayInputStream(text.getBytes())));
        assertEquals(decoder.decode(bytes), back);
    }

    @Test
    void errorsNameThePositionOfTheRecord() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.DRIFT, 0, 17L, null, new byte[] {0, 0, 0, 0, 9, 1});
        WireFormatException e = assertThrows(WireFormatException.class, () -> decoder.toJson(record));
        assertEquals(WireFormatException.Problem.UNKNOWN_SCHEMA_ID, e.problem());
        assertTrue(e.getMessage().startsWith("topic progrs.drift partition 0 offset 17: unknown schema id 9"), e.getMessage());
    }
}
