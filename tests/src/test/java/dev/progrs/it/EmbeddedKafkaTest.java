package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.embedded.EmbeddedKafka;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class EmbeddedKafkaTest {
    @TempDir
    Path dir;

    @Test
    void recordsProducedBeforeARestartAreStillThereAfterIt() throws Exception {
        Path data = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(data))) {
            setUpTopics(kafka.bootstrapServers());
            produce(kafka.bootstrapServers(), Topics.PROMPTS, 20);
            assertEquals(20, consumeAll(kafka.bootstrapServers(), Topics.PROMPTS).size());
        }
        // Same directory, different ports: the log survives.
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(data))) {
            List<ConsumerRecord<String, String>> records = consumeAll(kafka.bootstrapServers(), Topics.PROMPTS);
            assertEquals(20, records.size());
            Set<String> values = records.stream().map(ConsumerRecord::value).collect(Collectors.toSet());
            assertTrue(values.contains("value-0") && values.contains("value-19"), values.toString());
        }
    }

    @Test
    void topicSetUpCreatesEveryTopicWithItsLayoutAndIsIdempotent() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("k")));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            var first = setUpTopics(kafka.bootstrapServers());
            assertTrue(first.stream().allMatch(TopicSetup.Outcome::created));
            var second = setUpTopics(kafka.bootstrapServers());
            assertTrue(second.stream().noneMatch(TopicSetup.Outcome::created));
            Map<String, TopicDescription> d = admin.describeTopics(Topics.ALL).allTopicNames().get();
            assertEquals(6, d.get(Topics.TRAJECTORIES).partitions().size());
            assertEquals(1, d.get(Topics.POLICY).partitions().size());
            var policyConfig = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.POLICY)))
                    .all().get().values().iterator().next();
            assertEquals("compact", policyConfig.get("cleanup.policy").value());
        }
    }

    private static List<TopicSetup.Outcome> setUpTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return TopicSetup.ensure(admin, TopicLayout.embeddedDefaults().specs(), (short) 1, Duration.ofSeconds(30));
        }
    }

    private static void produce(String bootstrap, String topic, int n) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "t-" + System.nanoTime());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 20_000;
            int idlePolls = 0;
            while (System.currentTimeMillis() < deadline && idlePolls < 5) {
                var batch = consumer.poll(Duration.ofMillis(500));
                batch.forEach(out::add);
                idlePolls = out.isEmpty() || !batch.isEmpty() ? 0 : idlePolls + 1;
            }
        }
        return out;
    }
}
