package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmGroup;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer worker against the real embedded broker: every trajectory scored exactly once with its
 * key and the PRM hash, a poison record and an unscorable one dead-lettered without stopping the
 * worker, offsets committed with the outputs (a second worker of the group re-scores nothing), and
 * the PRM weights unchanged by scoring; and a group cut by the end of a poll scored whole in the next.
 */
@Tag("slow")
class ScorerWorkerTest {

    @TempDir
    Path dir;

    @Test
    void trajectoriesInScoredOutExactlyOnceWithKeysAndHashAndPoisonToTheDlq() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
             FrozenPrm prm = FrozenPrm.load(ScorerFixtures.tinyPrm(dir.resolve("prm"), 5), Device.cpu());
             KafkaProducer<byte[], byte[]> producer = producer(stack.bootstrapServers())) {
            String hashBefore = prm.currentWeightsSha256();
            assertEquals(prm.sha256(), hashBefore);
            AvroSerializer<Trajectory> ser = new AvroSerializer<>(Trajectory.class, stack.registry());
            Map<String, String> keyOf = new HashMap<>();

            // 24 good trajectories, then a poison record and an unscorable trajectory, then 8 more good ones
            List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                first.add(record(ser, keyOf, i));
            }
            byte[] poison = "not an avro record".getBytes(StandardCharsets.UTF_8);
            first.add(new ProducerRecord<>(Topics.TRAJECTORIES, "poison".getBytes(StandardCharsets.UTF_8), poison));
            Trajectory good = ScorerFixtures.trajectory("g-bad", 0, 99, 3);
            List<Integer> ids = new ArrayList<>(good.getResponseTokenIds());
            ids.set(1, 999);
            byte[] unscorable = ser.serialize(Topics.TRAJECTORIES, Trajectory.newBuilder(good).setResponseTokenIds(ids).build());
            first.add(new ProducerRecord<>(Topics.TRAJECTORIES, "g-bad".getBytes(StandardCharsets.UTF_8), unscorable));
            for (int i = 24; i < 32; i++) {
                first.add(record(ser, keyOf, i));
            }
            for (var r : first) {
                producer.send(r).get();
            }

            ScorerWorkerConfig config = ScorerWorkerConfig.defaults(stack.bootstrapServers()).withScorerId("it-1").withMaxPollRecords(16);
            TrajectoryScorer scorer = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "it-1", 8,
                    System::currentTimeMillis);
            ScorerWorker worker = new ScorerWorker(config, scorer, prm::currentWeightsSha256, stack.registry(), new SimpleMeterRegistry());
            Thread t = new Thread(worker, "scorer-it-1");
            t.start();
            List<ConsumerRecord<byte[], byte[]>> scored = consume(stack.bootstrapServers(), Topics.SCORED, 32);
            List<ConsumerRecord<byte[], byte[]>> dead = consume(stack.bootstrapServers(), Topics.DLQ, 2);
            // the worker keeps going after the poison: more input is still scored
            for (int i = 32; i < 36; i++) {
                producer.send(record(ser, keyOf, i)).get();
            }
            scored = consume(stack.bootstrapServers(), Topics.SCORED, 36);
            worker.close();
            t.join(10_000);
            assertNull(worker.failure());
            assertEquals(36, worker.scoredCount());
            assertEquals(2, worker.deadLetterCount());

            RecordDecoder<ScoredTrajectory> decoder = RecordDecoder.of(ScoredTrajectory.class, stack.registry());
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : scored) {
                ScoredTrajectory s = decoder.decode(r);
                String id = s.getTrajectory().getGroupId() + "/" + s.getTrajectory().getSampleIndex();
                assertTrue(seen.add(id), "scored twice: " + id);
                assertEquals(keyOf.get(id), new String(r.key(), StandardCharsets.UTF_8), "key of " + id);
                assertEquals(prm.sha256(), s.getPrmCheckpointSha256());
                assertEquals(s.getTrajectory().getSteps().size(), s.getStepConfidences().size());
            }
            assertEquals(keyOf.keySet(), seen);

            assertEquals(2, dead.size());
            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            dead.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
            ConsumerRecord<byte[], byte[]> p = byKey.get("poison");
            assertArrayEquals(poison, p.value());
            assertTrue(DeadLetters.text(p.headers(), DeadLetters.REASON).startsWith("undecodable"),
                    DeadLetters.text(p.headers(), DeadLetters.REASON));
            assertEquals(Topics.TRAJECTORIES, DeadLetters.text(p.headers(), DeadLetters.SOURCE_TOPIC));
            assertEquals(Integer.toString(p.partition() >= 0 ? sourcePartitionOf(p) : -1),
                    DeadLetters.text(p.headers(), DeadLetters.SOURCE_PARTITION));
            assertTrue(Long.parseLong(DeadLetters.text(p.headers(), DeadLetters.SOURCE_OFFSET)) >= 0);
            ConsumerRecord<byte[], byte[]> u = byKey.get("g-bad");
            assertArrayEquals(unscorable, u.value());
            String reason = DeadLetters.text(u.headers(), DeadLetters.REASON);
            assertTrue(reason.startsWith("unscorable") && reason.contains("999"), reason);

            // a second worker of the same group starts from the committed offsets: only new input is scored
            producer.send(record(ser, keyOf, 36)).get();
            ScorerWorker second = new ScorerWorker(config.withScorerId("it-2"), scorer, prm::currentWeightsSha256, stack.registry(),
                    new SimpleMeterRegistry());
            Thread t2 = new Thread(second, "scorer-it-2");
            t2.start();
            List<ConsumerRecord<byte[], byte[]>> all = consume(stack.bootstrapServers(), Topics.SCORED, 37);
            Thread.sleep(1500); // would a duplicate arrive, it would arrive now
            all = consume(stack.bootstrapServers(), Topics.SCORED, 37);
            second.close();
            t2.join(10_000);
            assertEquals(37, all.size());
            assertEquals(1, second.scoredCount());

            assertEquals(hashBefore, prm.currentWeightsSha256(), "PRM weights changed by scoring");
        }
    }

    /**
     * Polls of 6 records over groups of 4 in one partition: every poll ends inside a group, and the
     * worker leaves that group to the next poll, so the PRM sees every group whole, its prompt encoded
     * once, and nothing one at a time.
     */
    @Test
    void theSamplesOfAGroupAreScoredTogetherWhenAPollEndsInsideIt() throws Exception {
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 1);
             FrozenPrm frozen = FrozenPrm.load(ScorerFixtures.tinyPrm(dir.resolve("prm"), 5), Device.cpu());
             KafkaProducer<byte[], byte[]> producer = producer(stack.bootstrapServers())) {
            AvroSerializer<Trajectory> ser = new AvroSerializer<>(Trajectory.class, stack.registry());
            int groups = 10;
            for (int g = 0; g < groups; g++) {
                for (int s = 0; s < 4; s++) {
                    Trajectory t = Trajectory.newBuilder(ScorerFixtures.groupTrajectory("w-" + g, s, g, 3 + g % 4)).setGroupSize(4).build();
                    producer.send(new ProducerRecord<>(Topics.TRAJECTORIES, t.getGroupId().getBytes(StandardCharsets.UTF_8),
                            ser.serialize(Topics.TRAJECTORIES, t))).get();
                }
            }
            RecordingPrm prm = new RecordingPrm(frozen);
            ScorerWorkerConfig config = ScorerWorkerConfig.defaults(stack.bootstrapServers()).withScorerId("it-whole").withMaxPollRecords(6);
            TrajectoryScorer scorer = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "it-whole", 16,
                    System::currentTimeMillis);
            ScorerWorker worker = new ScorerWorker(config, scorer, prm::currentWeightsSha256, stack.registry(), new SimpleMeterRegistry());
            Thread t = new Thread(worker, "scorer-it-whole");
            t.start();
            List<ConsumerRecord<byte[], byte[]>> scored = consume(stack.bootstrapServers(), Topics.SCORED, 4 * groups);
            worker.close();
            t.join(10_000);
            assertNull(worker.failure());
            assertEquals(4 * groups, scored.size());
            assertEquals(4L * groups, worker.scoredCount());
            assertEquals(0, prm.alone.get(), "trajectories scored without their group");
            assertEquals(Collections.nCopies(groups, 4), prm.groupSizes, "group sizes as the PRM saw them");
        }
    }

    /** A PRM that records how it was asked: the size of every group and the number of sequences scored outside one. */
    private static final class RecordingPrm implements ProcessRewardModel {
        private final FrozenPrm prm;
        final List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger alone = new AtomicInteger();

        RecordingPrm(FrozenPrm prm) {
            this.prm = prm;
        }

        @Override
        public List<double[][]> score(List<PrmSequence> sequences) {
            alone.addAndGet(sequences.size());
            return prm.score(sequences);
        }

        @Override
        public List<double[][]> scoreGroups(List<PrmGroup> groups) {
            groups.forEach(g -> groupSizes.add(g.size()));
            return prm.scoreGroups(groups);
        }

        @Override
        public double[] quantileLevels() {
            return prm.quantileLevels();
        }

        @Override
        public CharTokenizer tokenizer() {
            return prm.tokenizer();
        }

        @Override
        public int context() {
            return prm.context();
        }

        @Override
        public String sha256() {
            return prm.sha256();
        }

        @Override
        public String currentWeightsSha256() {
            return prm.currentWeightsSha256();
        }

        @Override
        public String name() {
            return prm.name();
        }

        @Override
        public void close() {
        }
    }

    /** The partition "poison" was produced to: the default partitioner's murmur2 of its key over 3 partitions. */
    private static int sourcePartitionOf(ConsumerRecord<byte[], byte[]> dead) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(dead.key())) % 3;
    }

    private static ProducerRecord<byte[], byte[]> record(AvroSerializer<Trajectory> ser, Map<String, String> keyOf, int i) {
        String group = "g-" + (i / 4);
        Trajectory t = ScorerFixtures.trajectory(group, i % 4, i, 2 + i % 7);
        keyOf.put(group + "/" + (i % 4), group);
        return new ProducerRecord<>(Topics.TRAJECTORIES, group.getBytes(StandardCharsets.UTF_8), ser.serialize(Topics.TRAJECTORIES, t));
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads {@code topic} from the start (read_committed) until {@code expected} records or 60 s. */
    private static List<ConsumerRecord<byte[], byte[]>> consume(String bootstrap, String topic, int expected) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "read-" + System.nanoTime(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
