package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.embedded.EmbeddedKafka;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.TestSchemas;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.IncompatibleSchemaException;
import dev.progrs.schemas.registry.KafkaSchemaLog;
import dev.progrs.schemas.registry.RestSchemaRegistryClient;
import dev.progrs.schemas.registry.SchemaRegistryException;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded registry's persistence in a real (embedded) broker: topic set-up, rebuild after a
 * restart, several registries (processes) sharing one schema topic. One broker for the class;
 * each test uses its own schema topic.
 */
@Tag("slow")
class EmbeddedSchemaRegistryKafkaTest {
    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, Object> client() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    }

    private static EmbeddedSchemaRegistry registry(String topic, int port) {
        return EmbeddedSchemaRegistry.start(KafkaSchemaLog.open(client(), topic), port);
    }

    private static String topicFor(TestInfo test) {
        return "it." + test.getTestMethod().orElseThrow().getName() + "._schemas";
    }

    @Test
    void aMissingSchemaTopicIsCreatedWithOneCompactedPartition(TestInfo test) throws Exception {
        String topic = topicFor(test);
        try (EmbeddedSchemaRegistry registry = registry(topic, EmbeddedSchemaRegistry.NO_HTTP);
             Admin admin = Admin.create(client())) {
            registry.register("x-value", Prompt.getClassSchema());
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(1, description.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
            assertEquals("-1", config.get("retention.ms").value());
        }
    }

    @Test
    void aRestartedRegistryRebuildsTheSameIdsFromTheTopicAndSkipsGarbage(TestInfo test) throws Exception {
        String topic = topicFor(test);
        byte[] bytes;
        try (EmbeddedSchemaRegistry registry = registry(topic, EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(1, registry.register("filler-value", DriftReport.getClassSchema()));
            bytes = AvroSerde.of(Trajectory.class, registry).serializer().serialize(Topics.TRAJECTORIES, SampleRecords.trajectory());
            assertEquals(3, registry.register(Subjects.value(Topics.TRAJECTORIES), TestSchemas.load("/evolution/TrajectoryV2.avsc")));
        }
        try (var producer = new KafkaProducer<>(client(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "junk", "not a schema entry")).get();
        }
        try (EmbeddedSchemaRegistry registry = registry(topic, EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(SampleRecords.trajectory(), AvroSerde.of(Trajectory.class, registry).deserializer()
                    .deserialize(Topics.TRAJECTORIES, bytes));
            assertEquals(List.of(1, 2), registry.versions(Subjects.value(Topics.TRAJECTORIES)));
            assertEquals(4, registry.register("new-value", Prompt.getClassSchema()), "ids continue after the stored max");
            Schema incompatible = TestSchemas.load("/evolution/TrajectoryRequiredField.avsc");
            assertThrows(IncompatibleSchemaException.class,
                    () -> registry.register(Subjects.value(Topics.TRAJECTORIES), incompatible));
        }
    }

    @Test
    void registriesInSeveralProcessesShareOneTopicAndAgreeOnIds(TestInfo test) throws Exception {
        String topic = topicFor(test);
        int perRegistry = 6;
        List<EmbeddedSchemaRegistry> registries = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                registries.add(registry(topic, EmbeddedSchemaRegistry.NO_HTTP));
            }
            // Every registry registers the same growing chain of compatible schemas concurrently,
            // plus one schema of its own: they race for the same versions and ids.
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int r = 0; r < registries.size(); r++) {
                EmbeddedSchemaRegistry registry = registries.get(r);
                int own = r;
                Callable<List<Integer>> job = () -> {
                    List<Integer> ids = new ArrayList<>();
                    for (int v = 0; v < perRegistry; v++) {
                        ids.add(registry.register("shared-value", chain(v)));
                    }
                    ids.add(registry.register("own-" + own + "-value", chain(100 + own)));
                    return ids;
                };
                results.add(pool.submit(job));
            }
            List<List<Integer>> ids = new ArrayList<>();
            for (Future<List<Integer>> f : results) {
                ids.add(f.get());
            }
            for (EmbeddedSchemaRegistry registry : registries) {
                for (int v = 0; v < perRegistry; v++) {
                    assertEquals(chain(v), registry.schemaById(ids.get(0).get(v)), "every registry maps the id to the same schema");
                }
                assertEquals(registries.get(0).subjects(), registry.subjects());
            }
            assertEquals(ids.get(0).subList(0, perRegistry), ids.get(1).subList(0, perRegistry));
            assertEquals(ids.get(0).subList(0, perRegistry), ids.get(2).subList(0, perRegistry));
            assertEquals(perRegistry + 3, registries.get(0).subjects().stream()
                    .mapToInt(s -> registries.get(0).versions(s).size()).sum(), "no duplicate versions");
        } finally {
            pool.shutdownNow();
            registries.forEach(EmbeddedSchemaRegistry::close);
        }
    }

    @Test
    void theRestReadSideShowsSchemasOfTheTopic(TestInfo test) {
        String topic = topicFor(test);
        try (EmbeddedSchemaRegistry writer = registry(topic, EmbeddedSchemaRegistry.NO_HTTP);
             EmbeddedSchemaRegistry reader = registry(topic, 0)) {
            int id = writer.register(Subjects.value(Topics.POLICY), PolicyVersion.getClassSchema());
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(reader.url());
            assertEquals(List.of(Subjects.value(Topics.POLICY)), client.subjects(), "the reader catches up on a listing");
            assertEquals(PolicyVersion.getClassSchema(), client.schemaById(id));
            assertEquals(id, client.latest(Subjects.value(Topics.POLICY)).id());
        }
    }

    @Test
    void aSchemaTopicWithSeveralPartitionsIsRefused(TestInfo test) throws Exception {
        String topic = topicFor(test);
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> KafkaSchemaLog.open(client(), topic));
        assertTrue(e.getMessage().contains("has 2 partitions"), e.getMessage());
    }

    /** Version {@code v} of a record that gains one defaulted field per version (all BACKWARD compatible). */
    private static Schema chain(int v) {
        var fields = SchemaBuilder.record("Chain").namespace("it").fields().requiredString("id");
        for (int i = 0; i < v; i++) {
            fields = fields.name("f" + i).type().longType().longDefault(i);
        }
        return fields.endRecord();
    }
}
