package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.it.registry.ApicurioRegistry;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.IncompatibleSchemaException;
import dev.progrs.schemas.registry.RestSchemaRegistryClient;
import dev.progrs.schemas.registry.SchemaNotFoundException;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SubjectVersion;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.WireFormat;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our registry client and serde against a real Confluent-REST-compatible registry: Apicurio Registry
 * 2.4.2.Final (in-memory) on loopback, serving {@code /apis/ccompat/v7} (see {@link ApicurioRegistry}).
 */
@Tag("slow")
class RealSchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApicurioRegistry apicurio;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws Exception {
        apicurio = ApicurioRegistry.start();
        System.out.printf("RealSchemaRegistryTest: Apicurio Registry build %d ms (0 = already built), start %d ms%n",
                apicurio.buildMillis(), apicurio.startMillis());
    }

    @AfterAll
    static void stopRegistry() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void registersFetchesByIdAndBrowsesSubjects() {
        SchemaRegistry client = new RestSchemaRegistryClient(apicurio.ccompatUrl());
        String subject = "it.register-value";
        int id = client.register(subject, Prompt.getClassSchema());
        assertTrue(id > 0, "id " + id);
        assertEquals(id, client.register(subject, Prompt.getClassSchema()), "registering the same schema again is idempotent");
        assertEquals(Prompt.getClassSchema(), client.schemaById(id));
        assertTrue(client.subjects().contains(subject), client.subjects().toString());
        assertEquals(List.of(1), client.versions(subject));
        SubjectVersion latest = client.latest(subject);
        assertEquals(new SubjectVersion(subject, 1, id, Prompt.getClassSchema()), latest);
        assertEquals(latest, client.version(subject, 1));

        int other = client.register("it.register-other-value", Trajectory.getClassSchema());
        assertNotEquals(id, other, "different schemas get different ids");
        assertEquals(Trajectory.getClassSchema(), client.schemaById(other));

        SchemaNotFoundException unknownId = assertThrows(SchemaNotFoundException.class, () -> client.schemaById(987_654));
        assertTrue(unknownId.getMessage().contains("987654"), unknownId.getMessage());
        assertThrows(SchemaNotFoundException.class, () -> client.versions("it.no-such-subject-value"));
    }

    @Test
    void refusesASchemaThatBreaksTheSubjectsBackwardCompatibility() throws Exception {
        SchemaRegistry client = new RestSchemaRegistryClient(apicurio.ccompatUrl());
        Schema v1 = Prompt.getClassSchema();
        Schema requiredField = withExtraField(v1, "realRegistryProbe", Schema.create(Schema.Type.INT), null);
        Schema defaultedField = withExtraField(v1, "realRegistryProbe", Schema.create(Schema.Type.INT), 0);

        // Control: with no rule on the subject the registry accepts anything, so the refusal below is the rule's.
        String open = "it.open-value";
        client.register(open, v1);
        client.register(open, requiredField);
        assertEquals(List.of(1, 2), client.versions(open));

        String subject = "it.compat-value";
        int id1 = client.register(subject, v1);
        JsonNode set = http("PUT", "/config/" + subject, "{\"compatibility\": \"BACKWARD\"}");
        assertEquals("BACKWARD", set.get("compatibility").asText(), set.toString());
        JsonNode get = http("GET", "/config/" + subject, null);
        assertEquals("BACKWARD", get.get("compatibilityLevel").asText(), get.toString());

        // A new field without a default: new readers cannot read old data.
        IncompatibleSchemaException refused = assertThrows(IncompatibleSchemaException.class,
                () -> client.register(subject, requiredField));
        assertEquals(409, refused.httpStatus(), refused.getMessage());
        assertTrue(refused.getMessage().contains("realRegistryProbe") && refused.getMessage().contains(subject), refused.getMessage());
        assertEquals(List.of(1), client.versions(subject), "the refused schema left no version behind");

        // The same field with a default is a backward-compatible evolution.
        int id2 = client.register(subject, defaultedField);
        assertNotEquals(id1, id2);
        assertEquals(List.of(1, 2), client.versions(subject));
        assertEquals(defaultedField, client.latest(subject).schema());
    }

    @Test
    void recordsWrittenThroughTheRegistryDecodeFromTheBroker() throws Exception {
        Map<String, SpecificRecord> records = new LinkedHashMap<>();
        records.put(Topics.PROMPTS, SampleRecords.prompt());
        records.put(Topics.TRAJECTORIES, SampleRecords.trajectory());
        records.put(Topics.SCORED, SampleRecords.scoredTrajectory());
        records.put(Topics.ADVANTAGES, SampleRecords.groupAdvantages());
        records.put(Topics.POLICY, SampleRecords.policyVersion());
        records.put(Topics.DRIFT, SampleRecords.driftReport());
        Map<String, Class<? extends SpecificRecord>> types = Map.of(Topics.PROMPTS, Prompt.class, Topics.TRAJECTORIES, Trajectory.class,
                Topics.SCORED, ScoredTrajectory.class, Topics.ADVANTAGES, GroupAdvantages.class, Topics.POLICY, PolicyVersion.class,
                Topics.DRIFT, DriftReport.class);

        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            // The writer process: its own cached client of the real registry; one AvroSerde per record type.
            SchemaRegistry writerRegistry = RestSchemaRegistryClient.cached(apicurio.ccompatUrl());
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (var e : records.entrySet()) {
                    byte[] value = serializer(types.get(e.getKey()), writerRegistry).serialize(e.getKey(), e.getValue());
                    producer.send(new ProducerRecord<>(e.getKey(), "k", value)).get();
                }
            }
            // The reader process: a fresh client that has seen no schema yet.
            SchemaRegistry readerRegistry = RestSchemaRegistryClient.cached(apicurio.ccompatUrl());
            SchemaRegistry uncached = new RestSchemaRegistryClient(apicurio.ccompatUrl());
            Map<String, ConsumerRecord<String, byte[]>> read = readOnePerTopic(stack.bootstrapServers(), records.keySet());
            for (var e : records.entrySet()) {
                String topic = e.getKey();
                byte[] raw = read.get(topic).value();
                int id = WireFormat.schemaId(raw);
                SubjectVersion registered = uncached.latest(topic + "-value");
                assertEquals(registered.id(), id, topic + ": the record carries the id the registry gave its schema");
                assertEquals(e.getValue().getSchema(), registered.schema(), topic);
                Object decoded = AvroSerde.of(types.get(topic), readerRegistry).deserializer().deserialize(topic, raw);
                assertEquals(e.getValue(), decoded, topic);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<SpecificRecord> serializer(Class<T> type, SchemaRegistry registry) {
        return (Serializer<SpecificRecord>) AvroSerde.of(type, registry).serializer();
    }

    /** Reads every partition of {@code topics} from the beginning (no consumer group) until each topic gave one record. */
    private static Map<String, ConsumerRecord<String, byte[]>> readOnePerTopic(String bootstrap, Set<String> topics) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(20)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, ConsumerRecord<String, byte[]>> got = new LinkedHashMap<>();
            List<String> duplicates = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (got.size() < topics.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (got.putIfAbsent(r.topic(), r) != null) {
                        duplicates.add(r.topic());
                    }
                }
            }
            assertEquals(topics, got.keySet(), "one record per topic read back");
            assertEquals(List.of(), duplicates, "topics with more than one record");
            return got;
        }
    }

    /** {@code base} with one more field appended; {@code defaultValue == null} means no default (a required field). */
    private static Schema withExtraField(Schema base, String name, Schema type, Object defaultValue) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(defaultValue == null ? new Schema.Field(name, type, "test field", (Object) null)
                : new Schema.Field(name, type, "test field", defaultValue));
        Schema evolved = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
        base.getObjectProps().forEach(evolved::addProp);
        return evolved;
    }

    private static JsonNode http(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apicurio.ccompatUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", RestSchemaRegistryClient.CONTENT_TYPE);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> reply = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), method + " " + path + ": " + reply.body());
        return JSON.readTree(reply.body());
    }
}
