package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.ProgrsAdvantages;
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
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/**
 * Exactly once across a kill: 1,000 groups through the real centering topology with exactly_once_v2 on a real
 * broker; the first stream instance is a separate JVM killed with SIGKILL midway (while groups are
 * half-buffered in its store), a new instance on a fresh state directory takes over: every group is
 * visible to a read_committed consumer exactly once, complete, with the pure function's advantages.
 */
@Tag("slow")
class CenteringExactlyOnceTest {

    private static final int GROUPS = 1000;
    private static final int K = 4;
    private static final String APP_ID = "progrs-centering-eos-test";

    @TempDir
    Path dir;

    @Test
    void everyGroupIsEmittedExactlyOnceAcrossAKillAndRestart() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")),
                EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            String bootstrap = stack.bootstrapServers();
            List<ScoredTrajectory> firstHalf = new ArrayList<>();
            List<ScoredTrajectory> secondHalf = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                for (int i = 0; i < K; i++) {
                    // groups 500.. are split across the crash: samples 0,1 before, 2,3 after
                    (g < GROUPS / 2 || i < 2 ? firstHalf : secondHalf).add(sample(g, i));
                }
            }
            Collections.shuffle(firstHalf, new Random(1));
            Collections.shuffle(secondHalf, new Random(2));
            produce(stack, firstHalf);

            long t0 = System.currentTimeMillis();
            Process child = startChild(bootstrap);
            Map<String, Integer> seen = new HashMap<>();
            try (KafkaConsumer<String, GroupAdvantages> consumer = readCommitted(stack)) {
                consumer.subscribe(List.of(Topics.ADVANTAGES));
                pollUntil(consumer, seen, GROUPS / 4, Duration.ofSeconds(240));
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                int atKill = seen.size();
                System.out.printf("killed the first instance after %d ms with %d groups visible%n",
                        System.currentTimeMillis() - t0, atKill);
                assertTrue(atKill >= GROUPS / 4 && atKill <= GROUPS / 2, "groups visible at the kill: " + atKill);

                produce(stack, secondHalf);
                CenteringMetrics metrics = new CenteringMetrics();
                try (CenteringApp app = CenteringApp.start(appConfig(bootstrap, dir.resolve("state-2")),
                        CenteringSerdes.avro(stack.registry()), metrics)) {
                    long t1 = System.currentTimeMillis();
                    pollUntil(consumer, seen, GROUPS, Duration.ofSeconds(240));
                    System.out.printf("the second instance completed the rest in %d ms%n", System.currentTimeMillis() - t1);
                    // a little longer: anything emitted twice would show up now
                    pollUntil(consumer, seen, Integer.MAX_VALUE, Duration.ofSeconds(3));
                }
                assertEquals(GROUPS, seen.size(), "distinct groups");
                seen.forEach((group, count) -> assertEquals(1, count, "emissions of " + group));
                assertEquals(0, metrics.snapshot().deadLettered());
            }
        }
    }

    private static ScoredTrajectory sample(int group, int index) {
        Trajectory t = SampleRecords.trajectory(String.format("eos-%04d", group), index, 3, 12);
        t.setGroupSize(K);
        t.setOutcomeReward((group + index) % 3 == 0 ? 1.0 : 0.0);
        ScoredTrajectory s = SampleRecords.scoredTrajectory(t);
        s.setProcessScore(((group * 7 + index * 13) % 100) / 100.0);
        return s;
    }

    private static void produce(LocalStack stack, List<ScoredTrajectory> records) throws Exception {
        AvroSerde<ScoredTrajectory> serde = AvroSerde.of(ScoredTrajectory.class, stack.registry());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), serde.serializer())) {
            for (ScoredTrajectory s : records) {
                producer.send(new ProducerRecord<>(Topics.SCORED, s.getTrajectory().getGroupId(), s));
            }
            producer.flush();
        }
    }

    private static CenteringAppConfig appConfig(String bootstrap, Path stateDir) {
        return CenteringAppConfig.fromSettings(Map.of(CenteringAppConfig.APPLICATION_ID_CONFIG, APP_ID,
                CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                CenteringAppConfig.STATE_DIR_CONFIG, stateDir.toString(),
                "streams.consumer.session.timeout.ms", "6000", "streams.consumer.heartbeat.interval.ms", "1000"));
    }

    private Process startChild(String bootstrap) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = Path.of("target", "centering-eos-child.log").toFile();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.progrs.cli.Main",
                "centering", "--bootstrap-servers", bootstrap, "--application-id", APP_ID,
                "--state-dir", dir.resolve("state-1").toString(), "--metrics-every", "5",
                // a killed member holds its partitions until its session expires: keep that short
                "--streams-config", "consumer.session.timeout.ms=6000", "--streams-config", "consumer.heartbeat.interval.ms=1000")
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private static KafkaConsumer<String, GroupAdvantages> readCommitted(LocalStack stack) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "eos-check-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerde.of(GroupAdvantages.class, stack.registry()).deserializer());
    }

    private static void pollUntil(KafkaConsumer<String, GroupAdvantages> consumer, Map<String, Integer> seen, int target,
                                  Duration limit) {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (seen.size() < target && System.currentTimeMillis() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(200))) {
                GroupAdvantages g = r.value();
                seen.merge(r.key(), 1, Integer::sum);
                assertEquals(K, g.getSamples().size(), "samples of " + r.key());
                double[] outcomes = g.getSamples().stream().mapToDouble(SampleAdvantage::getOutcome).toArray();
                double[] scores = g.getSamples().stream().mapToDouble(SampleAdvantage::getProcessScore).toArray();
                double[] expected = ProgrsAdvantages.compute(outcomes, scores, CenteringConfig.defaults()).advantage();
                for (int i = 0; i < K; i++) {
                    assertEquals(expected[i], g.getSamples().get(i).getAdvantage(), 0.0);
                }
            }
        }
        if (target != Integer.MAX_VALUE) {
            assertTrue(seen.size() >= target, "only " + seen.size() + " of " + target + " groups within " + limit);
        }
    }
}
