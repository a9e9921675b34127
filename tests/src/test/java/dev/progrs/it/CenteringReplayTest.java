package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.replay.AdvantageSummary;
import dev.progrs.centering.replay.CenteringReplay;
import dev.progrs.centering.replay.ReplayConfig;
import dev.progrs.centering.replay.ReplayStart;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay: a stored progrs.scored topic replayed under two other configurations,
 * each under its own application id into its own topic, gives the report files; the live advantages
 * topic is untouched; a timestamp start replays only what was stored after it.
 */
@Tag("slow")
class CenteringReplayTest {

    private static final int GROUPS = 120;
    private static final int K = 4;
    private static final long HOUR = 3_600_000L;
    /** Recent: records older than the topics' retention (30 days) would be deleted by the broker. */
    private static final long T0 = System.currentTimeMillis() - 3 * HOUR;

    @TempDir
    Path dir;

    @Test
    void replaysUnderOtherConfigurationsGiveReportsAndLeaveTheLiveStreamAlone() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")),
                EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            String bootstrap = stack.bootstrapServers();
            produce(stack);
            CenteringSerdes serdes = CenteringSerdes.avro(stack.registry());
            var advantages = AvroSerde.of(GroupAdvantages.class, stack.registry()).deserializer();

            // the live pipeline, PROGRS defaults
            CenteringMetrics live = new CenteringMetrics();
            try (CenteringApp app = CenteringApp.start(CenteringAppConfig.fromSettings(Map.of(
                    CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve("live").toString())), serdes, live)) {
                long deadline = System.currentTimeMillis() + 180_000;
                while (live.snapshot().groupsCompleted() < GROUPS && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                Thread.sleep(500); // one more commit interval so the last transaction is committed
            }
            assertEquals(GROUPS, live.snapshot().groupsCompleted());

            // replay 1: absolute process reward, λ = 0.5, from the beginning
            CenteringReplay.Result none = CenteringReplay.run(replay(bootstrap, "replay-none", "progrs.advantages.none",
                    "none", "0.5", ReplayStart.beginning()), serdes, advantages);
            assertEquals((long) GROUPS * K, none.inputRecords());
            AdvantageSummary baseline = none.comparison().summaries().get(0);
            AdvantageSummary replayed = none.comparison().summaries().get(1);
            assertEquals(GROUPS, baseline.groups(), "baseline restricted to the replayed groups");
            assertEquals(GROUPS, replayed.groups());
            assertEquals(GROUPS * K, none.comparison().matched().get(0));
            assertTrue(baseline.settings().startsWith("incorrect/advantage"), baseline.settings());
            assertTrue(replayed.settings().startsWith("none/advantage λ=0.5"), replayed.settings());
            // PROGRS centres the incorrect bonuses to mean 0; the absolute reward pays incorrect samples
            assertEquals(0.0, baseline.meanBonusIncorrect(), 1e-9);
            assertTrue(replayed.meanBonusIncorrect() > 0.1);
            assertTrue(replayed.shareIncorrectPositive() > baseline.shareIncorrectPositive());
            String md = Files.readString(none.markdown());
            assertTrue(md.contains("| replay (progrs.advantages.none) | none/advantage λ=0.5"), md);
            assertTrue(md.contains("ρ = "), md);
            assertTrue(Files.size(none.png()) > 1000);

            // replay 2: from a timestamp: only the groups stored in the second hour
            CenteringReplay.Result late = CenteringReplay.run(replay(bootstrap, "replay-late", "progrs.advantages.late",
                    "both", "0.1", ReplayStart.parse("timestamp:" + (T0 + HOUR / 2))), serdes, advantages);
            assertEquals((long) GROUPS / 2 * K, late.inputRecords());
            assertEquals(GROUPS / 2, late.comparison().summaries().get(1).groups());
            assertTrue(Files.exists(late.markdown()) && Files.exists(late.png()));

            // the live topic still holds exactly one record per group
            var liveTopic = readAll(stack, Topics.ADVANTAGES, advantages);
            assertEquals(GROUPS, liveTopic.size());
            // and an application id with state is refused
            assertThrows(IllegalArgumentException.class, () -> CenteringReplay.run(replay(bootstrap, "replay-none",
                    "progrs.advantages.none2", "none", "0.5", ReplayStart.beginning()), serdes, advantages));
        }
    }

    private ReplayConfig replay(String bootstrap, String appId, String output, String centering, String lambda,
                                ReplayStart start) {
        Map<String, String> s = new HashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, appId);
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        s.put("output-topic", output);
        s.put("centering", centering);
        s.put("lambda", lambda);
        s.put("max-staleness", Long.toString(Long.MAX_VALUE));
        return new ReplayConfig(CenteringAppConfig.fromSettings(s), start, Topics.ADVANTAGES, dir.resolve("reports"),
                Duration.ofMinutes(4));
    }

    private static void produce(LocalStack stack) throws Exception {
        AvroSerde<ScoredTrajectory> serde = AvroSerde.of(ScoredTrajectory.class, stack.registry());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serde.serializer())) {
            for (int g = 0; g < GROUPS; g++) {
                long timestamp = g < GROUPS / 2 ? T0 + g : T0 + HOUR + g;
                for (int i = 0; i < K; i++) {
                    Trajectory t = SampleRecords.trajectory(String.format("rp-%04d", g), i, 3, 12);
                    t.setGroupSize(K);
                    // a third of the groups with one correct sample, a third all incorrect, a third with two correct
                    int correct = g % 3 == 0 ? 1 : g % 3 == 1 ? 0 : 2;
                    t.setOutcomeReward(i < correct ? 1.0 : 0.0);
                    ScoredTrajectory s = SampleRecords.scoredTrajectory(t);
                    s.setProcessScore(((g * 31 + i * 17) % 100) / 100.0);
                    producer.send(new ProducerRecord<>(Topics.SCORED, null, timestamp, t.getGroupId(), s));
                }
            }
            producer.flush();
        }
    }

    private static java.util.List<GroupAdvantages> readAll(LocalStack stack, String topic,
                                                           org.apache.kafka.common.serialization.Deserializer<GroupAdvantages> d) {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        props.put("isolation.level", "read_committed");
        java.util.List<GroupAdvantages> out = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(d.deserialize(topic, r.value())));
            }
        }
        return out;
    }
}
