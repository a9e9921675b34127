package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.PendingVersion;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.Topics;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 on a real cluster: three KRaft nodes in child JVMs ({@link KraftCluster}) with the
 * production topic layout of {@code progrs topics} in {@code docker/compose.yaml} (6 partitions,
 * replication factor 3, {@code min.insync.replicas} 2) under the whole pipeline: the prompt feeder
 * (admission control), a generator, a scorer and a centering stream in this JVM, the learner in a
 * child JVM ({@link LearnerProcess}), all with their shipped settings except the staleness bounds
 * (wide, so that no group is dropped for staleness and every one must arrive) and the scorer's short
 * consumer session. Two faults, one after the other:
 *
 * <ol>
 *   <li>While prompts are still being admitted, the node leading the most partitions (internal
 *       topics included, so group and transaction coordinators move too) is SIGKILLed. The pipeline
 *       runs on two brokers until more groups are trained (a barrier, not a pause), then the node is
 *       started again on its data directory and must rejoin every ISR.</li>
 *   <li>The learner JVM is SIGKILLed while it holds the next version between update and commit: the
 *       checkpoint is durable, the announcement and the batch's offsets are in the open transaction.
 *       A new learner JVM (same transactional id) fences the dead one and rolls the version forward.</li>
 * </ol>
 *
 * Then, read_committed: every prompt has exactly one group, every sample is in exactly one
 * emitted group (or in the DLQ with a reason), scored once; the policy versions are 0..N, each
 * once, each from its parent, each naming an intact checkpoint; every group trained by exactly one
 * version (by the batch offsets each checkpoint records), and the learner's committed offsets are
 * those of the last version.
 */
@Tag("slow")
class ThreeBrokerKillTest {

    private static final int K = 4;
    private static final int BATCH_GROUPS = 4;
    private static final int PHASE_ONE_PROMPTS = 24;
    private static final int PHASE_TWO_PROMPTS = 16;
    private static final int PROMPTS = PHASE_ONE_PROMPTS + PHASE_TWO_PROMPTS;
    private static final int FINAL_VERSION = PROMPTS / BATCH_GROUPS;
    /** Wide staleness bounds for generator, centering and learner: a group dropped for staleness would hide a loss. */
    private static final int WIDE_STALENESS = 20;
    /** As docker/compose.yaml's topics service: --partitions 6 --replication-factor 3 --min-insync-replicas 2 --retention-days 30. */
    static final TopicLayout PRODUCTION = new TopicLayout(6, (short) 3, 2, Duration.ofDays(30));
    private static final Duration START_LIMIT = Duration.ofSeconds(240);
    private static final Duration PROGRESS_LIMIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private final File logs = Path.of("target").toFile();
    private KraftCluster cluster;
    private final List<Process> learners = new ArrayList<>();

    @AfterEach
    void noChildOutlivesTheTest() throws Exception {
        for (Process p : learners) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledLeaderBrokerAndALearnerKilledBeforeItsCommitLoseAndDoubleNothing() throws Exception {
        long t0 = System.currentTimeMillis();
        Path prmDir = ScorerFixtures.tinyPrm(dir.resolve("prm"), 5);
        Path init = dir.resolve("init");
        try (PolicyModel m = PolicyModel.create(GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER, Device.cpu(), 5)) {
            PolicyCheckpoint.save(m, init, Map.of("test", "initial tiny policy"));
        }
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(dir.resolve("store"));

        cluster = KraftCluster.start(dir.resolve("cluster"), logs);
        String bootstrap = cluster.bootstrapServers();
        long tCluster = System.currentTimeMillis();
        try (Admin admin = KraftCluster.admin(bootstrap)) {
            TopicSetup.ensure(admin, PRODUCTION.specs(), PRODUCTION.replicationFactor(), Duration.ofSeconds(60));
        }
        Properties client = new Properties();
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        CenteringMetrics centeringMetrics = new CenteringMetrics();
        ScorerWorker scorer = null;
        CenteringApp centering = null;
        GeneratorWorker generator = null;
        Thread generatorThread = null;
        List<PromptFeeder> feeders = new ArrayList<>();
        List<Thread> feederThreads = new ArrayList<>();
        // closed last to first: the verifier, the PRM (after the scorer, in finally), the registry
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap, EmbeddedSchemaRegistry.NO_HTTP);
             FrozenPrm prm = FrozenPrm.load(prmDir, Device.cpu());
             FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, registry)) {
            try {
                // ---- the pipeline: the learner announces version 0 first, the generator waits for it
                Process learner = startLearner(1, bootstrap, store.root(), init);
                FaultHarness.awaitLine(learnerLog(1), "learner at version 0:", START_LIMIT, learner);
                scorer = FaultHarness.startScorer(bootstrap, registry, prm, "cluster-scorer");
                centering = startCentering(bootstrap, registry, centeringMetrics);
                generator = new GeneratorWorker(GeneratorFixture.config("cluster-gen", K, 2).withMaxStaleness(WIDE_STALENESS), client,
                        registry, store, Device.cpu());
                generatorThread = new Thread(generator, "cluster-gen");
                generatorThread.start();
                GeneratorWorker gen = generator;
                await("the generator to load version 0", START_LIMIT, () -> gen.stats().loadedVersion() == 0);
                assertTrue(centering.awaitRunning(START_LIMIT), "centering running");
                long tPipeline = System.currentTimeMillis();
                // Leadership and coordinators stay where they are until a node fails: read them now, kill without delay later.
                Map<Integer, Integer> leaders;
                Map<Integer, Long> replication;
                int controller;
                int victim;
                List<String> coordinated;
                try (Admin admin = KraftCluster.admin(bootstrap)) {
                    leaders = KraftCluster.leaderCounts(admin);
                    replication = KraftCluster.replicationFactors(admin);
                    controller = KraftCluster.activeController(admin);
                    victim = leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    coordinated = KraftCluster.coordinatedBy(admin, victim);
                }
                feed(feeders, feederThreads, client, registry, 0, PHASE_ONE_PROMPTS);

                // ---- fault 1: SIGKILL the node leading the most partitions while prompts are still being admitted:
                // right after the first batch, when the feeder has admitted (max-staleness + v + 1) * B = 12 of 24 (16 if v = 2 by now)
                assertTrue(v.pollUntil(BATCH_GROUPS, PROGRESS_LIMIT) >= BATCH_GROUPS, "groups before the broker kill");
                int groupsAtKill = v.counts.size();
                long versionsAtKill = committedVersions(bootstrap, registry).size();
                long admittedAtKill = feeders.get(0).publishedThisRun();
                long tKill = System.currentTimeMillis();
                cluster.kill(victim);
                assertTrue(admittedAtKill < PHASE_ONE_PROMPTS, "the kill lands while prompts are still admitted: " + admittedAtKill);

                // Barrier: the pipeline makes progress on two brokers (more groups emitted, a new version trained and announced)
                int whileDown = PHASE_ONE_PROMPTS - BATCH_GROUPS;
                assertTrue(v.pollUntil(whileDown, PROGRESS_LIMIT) >= whileDown, "groups emitted while node " + victim + " is down");
                await("a version announced while node " + victim + " is down", PROGRESS_LIMIT,
                        () -> committedVersions(bootstrap, registry).size() > versionsAtKill);
                long versionsWhileDown = committedVersions(bootstrap, registry).size() - versionsAtKill;
                int groupsWhileDown = v.counts.size() - groupsAtKill;
                long tRestart = System.currentTimeMillis();
                cluster.restart(victim);
                long tServing = System.currentTimeMillis();
                try (Admin admin = KraftCluster.admin(bootstrap)) {
                    await("node " + victim + " back in every ISR", PROGRESS_LIMIT, () -> underReplicated(admin).isEmpty());
                }
                long tWhole = System.currentTimeMillis();
                System.out.printf("cluster: up %d ms after the start, pipeline up %d ms later; partitions led per node %s (active "
                                + "controller %d), partitions by replication factor %s%n", tCluster - t0, tPipeline - tCluster, leaders,
                        controller, replication);
                System.out.printf("broker kill: node %d (coordinator of %s) SIGKILLed with %d groups emitted, %d versions "
                                + "announced, %d of %d prompts admitted; on two brokers %d more groups and %d more versions in %d ms; "
                                + "restarted, serving after %d ms, in every ISR %d ms later%n", victim, coordinated, groupsAtKill,
                        versionsAtKill, admittedAtKill, PHASE_ONE_PROMPTS, groupsWhileDown, versionsWhileDown, tRestart - tKill,
                        tServing - tRestart, tWhole - tServing);
                assertEquals(Set.of(3), replication.keySet(), "every partition, internal ones included, has 3 replicas");

                // ---- phase 1 complete: every admitted prompt trained
                assertEquals(PHASE_ONE_PROMPTS, v.pollUntil(PHASE_ONE_PROMPTS, PROGRESS_LIMIT), "phase-one groups");
                int phaseOneVersion = PHASE_ONE_PROMPTS / BATCH_GROUPS;
                FaultHarness.awaitLine(learnerLog(1), "learner at version " + phaseOneVersion + ":", PROGRESS_LIMIT, learner);
                feederThreads.get(0).join(30_000);
                Map<TopicPartition, Long> offsetsOfPhaseOne = committedOffsets(bootstrap);

                // ---- fault 2: SIGKILL the learner between update and commit of the next version
                arm(learner);
                feed(feeders, feederThreads, client, registry, PHASE_ONE_PROMPTS, PHASE_TWO_PROMPTS);
                long held = phaseOneVersion + 1;
                FaultHarness.awaitLine(learnerLog(1), "learner holding version " + held + " before commit", PROGRESS_LIMIT, learner);
                long tLearnerKill = System.currentTimeMillis();
                FaultHarness.kill(learner);
                assertTrue(Files.isDirectory(store.directoryOf(held)), "the checkpoint of version " + held
                        + " is durable before the commit");
                assertEquals(offsetsOfPhaseOne, committedOffsets(bootstrap), "the held batch's offsets are not committed");

                Process successor = startLearner(2, bootstrap, store.root(), init);
                FaultHarness.awaitLine(learnerLog(2), "learner at version " + FINAL_VERSION + ":", START_LIMIT, successor);
                long tFinal = System.currentTimeMillis();
                assertEquals(PROMPTS, v.pollUntil(PROMPTS, PROGRESS_LIMIT), "groups in " + Topics.ADVANTAGES);
                v.settle(Duration.ofSeconds(2)); // a duplicate would show up now
                String successorStats = Files.readAllLines(learnerLog(2).toPath()).stream()
                        .filter(l -> l.startsWith("learner at version " + FINAL_VERSION + ":")).findFirst().orElseThrow();
                System.out.printf("learner: held and killed at version %d; its successor reached version %d %d ms after the kill (%s); "
                                + "test %d ms in all%n", held, FINAL_VERSION, tFinal - tLearnerKill, successorStats,
                        System.currentTimeMillis() - t0);
                assertTrue(successorStats.contains("rolled forward 1,"), "the successor announced the held version from its checkpoint: "
                        + successorStats);
                assertTrue(successorStats.contains("published " + (FINAL_VERSION - held) + ","),
                        "the successor trained only the batches after the held one: " + successorStats);

                // ---- every stage still running
                assertTrue(generatorThread.isAlive(), "generator running");
                assertTrue(scorer.isRunning(), "scorer running");
                assertNull(scorer.failure());
                assertEquals(KafkaStreams.State.RUNNING, centering.state());
                assertTrue(successor.isAlive(), "learner running");

                // ---- accounting, as read_committed consumers see it
                assertEquals(List.of(), v.duplicates(), "groups emitted more than once");
                v.assertAdvantagesArePure();
                assertEveryPromptAndSampleOnce(bootstrap, registry, v);
                List<PolicyVersion> versions = assertVersionsConsecutiveAndWhole(bootstrap, registry, store);
                assertEveryGroupTrainedOnce(bootstrap, store, versions, committedOffsets(bootstrap));
            } finally {
                for (PromptFeeder f : feeders) {
                    f.shutdown();
                }
                for (Thread t : feederThreads) {
                    t.join(10_000);
                }
                feeders.forEach(PromptFeeder::close);
                if (generator != null) {
                    generator.shutdown();
                    generatorThread.join(30_000);
                    generator.close();
                }
                if (scorer != null) {
                    scorer.close();
                }
                if (centering != null) {
                    centering.close();
                }
            }
        }
    }

    // ------------------------------------------------------------------ the pipeline

    private Process startLearner(int incarnation, String bootstrap, Path store, Path init) throws Exception {
        Process p = FaultHarness.startJvm(learnerLog(incarnation), LearnerProcess.class.getName(),
                List.of(bootstrap, store.toString(), init.toString(), String.valueOf(BATCH_GROUPS), String.valueOf(WIDE_STALENESS)));
        learners.add(p);
        return p;
    }

    private File learnerLog(int incarnation) {
        return new File(logs, "cluster-learner-" + incarnation + ".log");
    }

    /** Arms the learner's hold before its next commit and waits for the acknowledgement. */
    private void arm(Process learner) throws Exception {
        OutputStream in = learner.getOutputStream();
        in.write((LearnerProcess.HOLD + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        FaultHarness.awaitLine(learnerLog(1), LearnerProcess.ARMED, Duration.ofSeconds(30), learner);
    }

    /** The shipped centering settings (group timeout 60 s), a short consumer session, a wide staleness bound. */
    private CenteringApp startCentering(String bootstrap, SchemaRegistry registry, CenteringMetrics metrics) {
        Map<String, String> s = new HashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, "cluster-centering");
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve("centering-state").toString());
        s.put("max-staleness", String.valueOf(WIDE_STALENESS));
        s.put("streams.consumer.session.timeout.ms", "6000");
        s.put("streams.consumer.heartbeat.interval.ms", "1000");
        return CenteringApp.start(CenteringAppConfig.fromSettings(s), CenteringSerdes.avro(registry), metrics);
    }

    /** A feeder run publishing {@code count} prompts from problem {@code start} on, paced by admission control (max-staleness 1). */
    private static void feed(List<PromptFeeder> feeders, List<Thread> threads, Properties client, SchemaRegistry registry, long start,
                             int count) {
        PromptFeeder feeder = new PromptFeeder(FeederConfig.of(new AdmissionControl(1, BATCH_GROUPS), count), client, registry,
                new ArithmeticPromptSource(GeneratorFixture.SUITE, 2, 3, start, 1));
        Thread t = new Thread(feeder, "feeder-" + start);
        feeders.add(feeder);
        threads.add(t);
        t.start();
    }

    // ------------------------------------------------------------------ reading the cluster

    private static List<String> underReplicated(Admin admin) {
        try {
            return KraftCluster.underReplicated(admin);
        } catch (Exception e) {
            return List.of("(describe failed: " + e + ")");
        }
    }

    private static List<PolicyVersion> committedVersions(String bootstrap, SchemaRegistry registry) {
        RecordDecoder<PolicyVersion> d = RecordDecoder.of(PolicyVersion.class, registry);
        return FaultHarness.readCommitted(bootstrap, Topics.POLICY).stream().map(d::decode).toList();
    }

    private static List<PolicyVersion> allAnnouncements(String bootstrap, SchemaRegistry registry) {
        RecordDecoder<PolicyVersion> d = RecordDecoder.of(PolicyVersion.class, registry);
        List<PolicyVersion> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.POLICY, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.currentTimeMillis() + 20_000;
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(100)).forEach(r -> out.add(d.decode(r)));
            }
        }
        return out;
    }

    /** The learner's committed offsets on {@code progrs.advantages}. */
    private static Map<TopicPartition, Long> committedOffsets(String bootstrap) throws Exception {
        try (Admin admin = KraftCluster.admin(bootstrap)) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(LearnerConfig.DEFAULT_CONSUMER_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            m.forEach((tp, o) -> {
                if (tp.topic().equals(Topics.ADVANTAGES) && o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }

    // ------------------------------------------------------------------ the accounting

    /**
     * Every prompt once, with exactly one committed group; every sample of that group generated
     * once, scored once and in exactly one emitted group, or in the DLQ with a reason.
     */
    private static void assertEveryPromptAndSampleOnce(String bootstrap, SchemaRegistry registry, FaultHarness.AdvantagesVerifier v) {
        RecordDecoder<Prompt> promptDecoder = RecordDecoder.of(Prompt.class, registry);
        Map<String, Integer> prompts = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.PROMPTS)) {
            prompts.merge(promptDecoder.decode(r).getPromptId().toString(), 1, Integer::sum);
        }
        assertEquals(PROMPTS, prompts.size(), "distinct prompts fed");
        assertTrue(prompts.values().stream().allMatch(n -> n == 1), "a prompt published twice: " + prompts);

        RecordDecoder<Trajectory> trajectoryDecoder = RecordDecoder.of(Trajectory.class, registry);
        Map<String, Integer> generated = new TreeMap<>();
        Map<String, Set<String>> groupsOfPrompt = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.TRAJECTORIES)) {
            Trajectory t = trajectoryDecoder.decode(r);
            generated.merge(t.getGroupId() + "/" + t.getSampleIndex(), 1, Integer::sum);
            groupsOfPrompt.computeIfAbsent(t.getPromptId().toString(), p -> new TreeSet<>()).add(t.getGroupId().toString());
        }
        assertEquals(prompts.keySet(), groupsOfPrompt.keySet(), "prompts with committed trajectories");
        groupsOfPrompt.forEach((p, gs) -> assertEquals(1, gs.size(), "committed groups of prompt " + p + ": " + gs));
        assertEquals(PROMPTS * K, generated.size(), "distinct samples generated");
        assertTrue(generated.values().stream().allMatch(n -> n == 1), "a sample committed twice to " + Topics.TRAJECTORIES);

        RecordDecoder<ScoredTrajectory> scoredDecoder = RecordDecoder.of(ScoredTrajectory.class, registry);
        Map<String, Integer> scored = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.SCORED)) {
            Trajectory t = scoredDecoder.decode(r).getTrajectory();
            scored.merge(t.getGroupId() + "/" + t.getSampleIndex(), 1, Integer::sum);
        }

        // the DLQ: every dead letter carries a reason; a dead-lettered sample counts as accounted for
        Map<String, String> deadSamples = new TreeMap<>();
        List<String> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.DLQ)) {
            String reason = DeadLetters.text(r.headers(), DeadLetters.REASON);
            String source = DeadLetters.text(r.headers(), DeadLetters.SOURCE_TOPIC);
            deadLetters.add(DeadLetters.text(r.headers(), DeadLetters.STAGE) + " " + source + ": " + reason);
            assertNotNull(reason, "a dead letter without a reason from " + source);
            if (Topics.TRAJECTORIES.equals(source)) {
                Trajectory t = trajectoryDecoder.decode(r);
                deadSamples.put(t.getGroupId() + "/" + t.getSampleIndex(), reason);
            } else if (Topics.SCORED.equals(source)) {
                Trajectory t = scoredDecoder.decode(r).getTrajectory();
                deadSamples.put(t.getGroupId() + "/" + t.getSampleIndex(), reason);
            }
        }

        Map<String, Integer> emitted = new HashMap<>();
        for (GroupAdvantages g : v.groups.values()) {
            assertFalse(g.getPartial() || g.getTimedOut(), "group " + g.getGroupId() + " emitted partial or timed out");
            for (SampleAdvantage s : g.getSamples()) {
                emitted.merge(g.getGroupId() + "/" + s.getSampleIndex(), 1, Integer::sum);
            }
        }
        List<String> unaccounted = new ArrayList<>();
        for (String sample : generated.keySet()) {
            int e = emitted.getOrDefault(sample, 0);
            boolean ok = e == 1 && !deadSamples.containsKey(sample) && scored.getOrDefault(sample, 0) == 1
                    || e == 0 && deadSamples.containsKey(sample);
            if (!ok) {
                unaccounted.add(sample + " emitted " + e + "x, scored " + scored.getOrDefault(sample, 0) + "x, dlq "
                        + deadSamples.get(sample));
            }
        }
        System.out.printf("accounting: %d prompts, %d groups, %d samples generated, %d scored, %d emitted, dead letters %s%n",
                prompts.size(), v.counts.size(), generated.size(), scored.size(), emitted.size(), deadLetters);
        assertEquals(List.of(), unaccounted, "samples not emitted exactly once nor dead-lettered");
        assertEquals(generated.keySet(), emitted.keySet(), "samples emitted in a group");
        assertEquals(generated.keySet(), scored.keySet(), "samples scored");
        assertTrue(scored.values().stream().allMatch(n -> n == 1), "a sample scored twice");
    }

    /** Versions 0..N once each (read_committed), each from its parent, each naming an intact checkpoint; retries identical. */
    private static List<PolicyVersion> assertVersionsConsecutiveAndWhole(String bootstrap, SchemaRegistry registry,
                                                                         SharedDirectoryCheckpointStore store) throws Exception {
        List<PolicyVersion> versions = committedVersions(bootstrap, registry);
        assertEquals(FINAL_VERSION + 1, versions.size(), "versions: " + versions.stream().map(PolicyVersion::getVersion).toList());
        for (int n = 0; n <= FINAL_VERSION; n++) {
            PolicyVersion pv = versions.get(n);
            assertEquals(n, pv.getVersion());
            assertEquals(n == 0 ? null : (long) (n - 1), pv.getParentVersion());
            assertEquals((long) n * BATCH_GROUPS, pv.getGroupsConsumed(), "groups trained up to version " + n);
            assertEquals((long) n * BATCH_GROUPS * K, pv.getRolloutsConsumed(), "samples trained up to version " + n);
            if (n > 0) {
                assertEquals(0.0, pv.getMetrics().get("groups-dropped-stale-total"), "groups dropped as stale by version " + n);
            }
            Path cp = store.get(URI.create(pv.getCheckpointUri()));
            assertEquals(VerifiedCheckpoint.of(cp).checkpointSha256(), pv.getSha256(), "version " + n + " names its checkpoint's hash");
            assertEquals(n, CheckpointManifest.read(cp.resolve(CheckpointManifest.FILE_NAME)).policyVersion());
        }
        // a read_uncommitted reader may also see the aborted announcement of the held version: the identical record
        List<PolicyVersion> all = allAnnouncements(bootstrap, registry);
        for (PolicyVersion pv : all) {
            assertEquals(versions.get((int) pv.getVersion()), pv, "every announcement of version " + pv.getVersion() + " is identical");
        }
        assertTrue(all.size() <= versions.size() + 1, "at most the held version announced twice: "
                + all.stream().map(PolicyVersion::getVersion).toList());
        return versions;
    }

    /**
     * Which groups each version trained on, from the batch offsets its checkpoint records (the
     * write-ahead record the commit and any roll-forward use): version v trained the records of
     * {@code progrs.advantages} from the offsets after version v − 1 up to its own. Every group in
     * exactly one version, B groups per version, the ranges never overlapping, and the learner's
     * committed offsets those of the last version.
     */
    private static void assertEveryGroupTrainedOnce(String bootstrap, SharedDirectoryCheckpointStore store, List<PolicyVersion> versions,
                                                    Map<TopicPartition, Long> committed) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> groups = FaultHarness.readCommitted(bootstrap, Topics.ADVANTAGES);
        Map<TopicPartition, Long> after = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        Map<String, List<Long>> trainedBy = new TreeMap<>();
        for (PolicyVersion pv : versions.subList(1, versions.size())) {
            Path cp = store.get(URI.create(pv.getCheckpointUri()));
            PendingVersion pending = PendingVersion.fromManifest(CheckpointManifest.read(cp.resolve(CheckpointManifest.FILE_NAME)))
                    .orElseThrow(() -> new AssertionError("version " + pv.getVersion() + " has no batch offsets in its manifest"));
            Map<TopicPartition, Long> before = new HashMap<>(after);
            pending.offsets().forEach((tp, o) -> {
                long from = before.getOrDefault(tp, 0L);
                assertTrue(o >= from, "version " + pv.getVersion() + " moves " + tp + " back from " + from + " to " + o);
                after.put(tp, o);
            });
            int trained = 0;
            for (ConsumerRecord<byte[], byte[]> r : groups) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= before.getOrDefault(tp, 0L) && r.offset() < after.getOrDefault(tp, 0L)) {
                    trainedBy.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(pv.getVersion());
                    trained++;
                }
            }
            assertEquals(BATCH_GROUPS, trained, "groups trained by version " + pv.getVersion());
        }
        assertEquals(PROMPTS, groups.size(), "group records in " + Topics.ADVANTAGES);
        assertEquals(PROMPTS, trainedBy.size(), "groups trained");
        trainedBy.forEach((g, vs) -> assertEquals(1, vs.size(), "versions that trained group " + g + ": " + vs));
        assertEquals(after, committed, "the learner's committed offsets are those of version " + FINAL_VERSION);
    }
}
