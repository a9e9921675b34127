package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.ProgrsAdvantages;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.Trajectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Shared pieces of the fault and multi-instance tests: a read_committed verifier of
 * {@code progrs.advantages} that counts groups by id, in-process scorer and centering instances
 * with short consumer sessions (so a killed member's partitions move within seconds), synthetic
 * trajectory groups, and child JVMs that never outlive a test.
 */
final class FaultHarness {

    /** Session settings for any consumer that may be killed: its partitions move after 6 s, not 45 s. */
    static final Map<String, String> SHORT_SESSION = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

    private FaultHarness() {
    }

    // ------------------------------------------------------------------ the verifier

    /**
     * A read_committed consumer of {@code progrs.advantages} (own group, from the beginning) that
     * counts every record by group id and checks each group's advantages against the pure function.
     */
    static final class AdvantagesVerifier implements AutoCloseable {
        final Map<String, Integer> counts = new LinkedHashMap<>();
        final Map<String, GroupAdvantages> groups = new HashMap<>();
        /** Records that do not decode (the poison test writes some); never counted as groups. */
        int undecodable;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final RecordDecoder<GroupAdvantages> decoder;

        AdvantagesVerifier(String bootstrap, SchemaRegistry registry) {
            this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), registry);
        }

        /** A verifier whose consumer connects with {@code client} (bootstrap servers and any security settings). */
        AdvantagesVerifier(Map<String, Object> client, SchemaRegistry registry) {
            Map<String, Object> c = new HashMap<>(client);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "verifier-" + System.nanoTime());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            decoder = RecordDecoder.of(GroupAdvantages.class, registry);
            consumer.subscribe(List.of(Topics.ADVANTAGES));
        }

        /** Polls until {@code target} distinct groups were seen or {@code limit} passed; returns the distinct count. */
        int pollUntil(int target, Duration limit) {
            long deadline = System.currentTimeMillis() + limit.toMillis();
            while (counts.size() < target && System.currentTimeMillis() < deadline) {
                pollOnce(Duration.ofMillis(200));
            }
            return counts.size();
        }

        /** Keeps polling for {@code d}: a duplicate would show up now. */
        void settle(Duration d) {
            long deadline = System.currentTimeMillis() + d.toMillis();
            while (System.currentTimeMillis() < deadline) {
                pollOnce(Duration.ofMillis(200));
            }
        }

        private void pollOnce(Duration d) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
                GroupAdvantages g;
                try {
                    g = decoder.decode(r);
                } catch (WireFormatException e) {
                    undecodable++;
                    continue;
                }
                String key = new String(r.key(), StandardCharsets.UTF_8);
                assertEquals(g.getGroupId().toString(), key, "key of a group");
                counts.merge(key, 1, Integer::sum);
                groups.put(key, g);
            }
        }

        /** Groups emitted more than once (must be empty). */
        List<String> duplicates() {
            return counts.entrySet().stream().filter(e -> e.getValue() != 1).map(e -> e.getKey() + "x" + e.getValue()).toList();
        }

        /** Every complete group's advantages equal {@link ProgrsAdvantages#compute} on its outcomes and process scores. */
        void assertAdvantagesArePure() {
            for (GroupAdvantages g : groups.values()) {
                if (g.getPartial() || g.getTimedOut()) {
                    continue;
                }
                double[] outcomes = g.getSamples().stream().mapToDouble(SampleAdvantage::getOutcome).toArray();
                double[] scores = g.getSamples().stream().mapToDouble(SampleAdvantage::getProcessScore).toArray();
                double[] expected = ProgrsAdvantages.compute(outcomes, scores, CenteringConfig.defaults()).advantage();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], g.getSamples().get(i).getAdvantage(), 1e-12, "advantage " + i + " of " + g.getGroupId());
                }
            }
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    // ------------------------------------------------------------------ in-process stages

    /** A scorer worker on its own thread with the tiny PRM, a short consumer session, and {@code id} (= transactional id). */
    static ScorerWorker startScorer(String bootstrap, SchemaRegistry registry, FrozenPrm prm, String id) {
        ScorerWorkerConfig d = ScorerWorkerConfig.defaults(bootstrap);
        ScorerWorkerConfig config = new ScorerWorkerConfig(bootstrap, d.groupId(), d.inputTopic(), d.outputTopic(), d.dlqTopic(), id,
                16, d.pollTimeout(), null, SHORT_SESSION);
        TrajectoryScorer scorer = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), id, 8,
                System::currentTimeMillis);
        ScorerWorker worker = new ScorerWorker(config, scorer, prm::currentWeightsSha256, registry, new SimpleMeterRegistry());
        new Thread(worker, "scorer-" + id).start();
        return worker;
    }

    /** A centering instance of {@code appId} on {@code stateDir} with the shipped group timeout and input-gap bound. */
    static CenteringApp startCentering(String bootstrap, SchemaRegistry registry, String appId, Path stateDir, CenteringMetrics metrics) {
        Map<String, String> s = new HashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, appId);
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, stateDir.toString());
        s.put("max-staleness", "100");
        s.put("streams.consumer.session.timeout.ms", "6000");
        s.put("streams.consumer.heartbeat.interval.ms", "1000");
        return CenteringApp.start(CenteringAppConfig.fromSettings(s), CenteringSerdes.avro(registry), metrics);
    }

    // ------------------------------------------------------------------ synthetic input

    /** Group {@code g} of {@code k} trajectories (odd samples wrong), ids {@code prefix-g}. */
    static List<Trajectory> group(String prefix, int g, int k) {
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Trajectory t = ScorerFixtures.trajectory(String.format("%s-%04d", prefix, g), i, g, 2 + g % 3);
            t.setGroupSize(k);
            out.add(t);
        }
        return out;
    }

    /** A plain (non-transactional) producer of trajectories keyed by group id, as a generator's output looks. */
    static KafkaProducer<String, Trajectory> trajectoryProducer(String bootstrap, SchemaRegistry registry) {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), AvroSerde.of(Trajectory.class, registry).serializer());
    }

    static void sendTrajectories(String bootstrap, SchemaRegistry registry, List<Trajectory> records) {
        try (var producer = trajectoryProducer(bootstrap, registry)) {
            for (Trajectory t : records) {
                producer.send(new ProducerRecord<>(Topics.TRAJECTORIES, t.getGroupId().toString(), t));
            }
            producer.flush();
        }
    }

    /** Every record of {@code topic} a read_committed consumer sees now, from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ child JVMs

    /** A child JVM on the test classpath with OMP_WAIT_POLICY=PASSIVE, its output in {@code log}. */
    static Process startJvm(File log, String mainClass, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Waits until {@code log} has a line containing {@code marker} (a child JVM is up); fails after {@code limit}. */
    static void awaitLine(File log, String marker, Duration limit, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (log.exists() && java.nio.file.Files.readString(log.toPath(), StandardCharsets.ISO_8859_1).contains(marker)) {
                return;
            }
            assertTrue(p.isAlive(), "child JVM ended before '" + marker + "'; see " + log);
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + marker + "' in " + log + " within " + limit);
    }

    /** Asks the process to stop (SIGTERM: its shutdown hook closes the worker), then kills it after {@code grace}. */
    static void stop(Process p, Duration grace) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL, no shutdown hook, no transaction finished: a crash. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed process did not end");
    }

    /** The tiny PRM as a DJL model on the CPU. */
    static FrozenPrm tinyPrm(Path dir) throws Exception {
        return FrozenPrm.load(ScorerFixtures.tinyPrm(dir, 5), Device.cpu());
    }
}
