package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.Main;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every record type through the serde and a real broker, and still decodable after a restart. */
@Tag("slow")
class WireRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyRecordTypeRoundTripsThroughTheBrokerAndDecodesAfterARestart() throws Exception {
        var config = EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka"));
        try (LocalStack stack = LocalStack.start(config, EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            String b = stack.bootstrapServers();
            assertEquals(SampleRecords.prompt(), roundTrip(b, stack, Topics.PROMPTS, Prompt.class, SampleRecords.prompt()));
            assertEquals(SampleRecords.trajectory(), roundTrip(b, stack, Topics.TRAJECTORIES, Trajectory.class, SampleRecords.trajectory()));
            assertEquals(SampleRecords.scoredTrajectory(), roundTrip(b, stack, Topics.SCORED, ScoredTrajectory.class, SampleRecords.scoredTrajectory()));
            assertEquals(SampleRecords.groupAdvantages(), roundTrip(b, stack, Topics.ADVANTAGES, GroupAdvantages.class, SampleRecords.groupAdvantages()));
            assertEquals(SampleRecords.policyVersion(), roundTrip(b, stack, Topics.POLICY, PolicyVersion.class, SampleRecords.policyVersion()));
            assertEquals(SampleRecords.driftReport(), roundTrip(b, stack, Topics.DRIFT, DriftReport.class, SampleRecords.driftReport()));
        }
        // A new process on the same data directory: the schemas come back from progrs._schemas.
        try (LocalStack stack = LocalStack.start(config, EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            List<String> lines = dump(stack.bootstrapServers(), Topics.SCORED);
            assertEquals(1, lines.size(), lines.toString());
            String groupId = SampleRecords.scoredTrajectory().getTrajectory().getGroupId();
            assertTrue(lines.get(0).contains("\"groupId\":\"" + groupId + "\"") || lines.get(0).contains("\"groupId\": \"" + groupId + "\""),
                    lines.get(0));
            assertTrue(lines.get(0).contains("prmCheckpointSha256"), lines.get(0));
            // and the typed serde reads them too, with a fresh registry instance
            try (var consumer = consumer(stack.bootstrapServers(), AvroSerde.of(PolicyVersion.class, stack.registry()))) {
                consumer.subscribe(List.of(Topics.POLICY));
                assertEquals(SampleRecords.policyVersion(), pollOne(consumer));
            }
        }
    }

    private static <T extends SpecificRecord> T roundTrip(String bootstrap, LocalStack stack, String topic, Class<T> type, T record)
            throws Exception {
        AvroSerde<T> serde = AvroSerde.of(type, stack.registry());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, "k", record)).get();
        }
        try (var consumer = consumer(bootstrap, serde)) {
            consumer.subscribe(List.of(topic));
            return pollOne(consumer);
        }
    }

    private static <T extends SpecificRecord> KafkaConsumer<String, T> consumer(String bootstrap, AvroSerde<T> serde) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "rt-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), serde.deserializer());
    }

    private static <T> T pollOne(KafkaConsumer<String, T> consumer) {
        List<T> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
        }
        assertEquals(1, got.size(), "records read back");
        return got.get(0);
    }

    private static List<String> dump(String bootstrap, String topic) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.commandLine().execute("dump", "--bootstrap-servers", bootstrap, "--topic", topic,
                    "--from-beginning", "--idle-timeout", "PT3S");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, "dump exit code");
        return buf.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
