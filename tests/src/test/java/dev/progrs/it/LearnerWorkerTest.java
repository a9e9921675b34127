package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerHook;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.stage.lifecycle.SimulatedCrash;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.SampleAdvantage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The learner against the embedded broker — versions, generator pick-up, DLQ, crash recovery. */
@Tag("slow")
class LearnerWorkerTest {

    private static final int K = 4;

    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Per-test topics, consumer group and transactional id, so the tests share one broker without sharing state. */
    private record Setup(String name, String advantages, String policy, String dlq, SharedDirectoryCheckpointStore store, Path init) {
        LearnerConfig config(int batchGroups, long maxVersions) {
            GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, batchGroups, 1, 2, 1f);
            return LearnerConfig.defaults(grpo).withTopics(advantages, policy, dlq).withIds("learner-" + name, "learner-" + name)
                    .withMaxVersions(maxVersions).withPollTimeout(Duration.ofMillis(100));
        }

        LearnerWorker learner(LearnerConfig config) {
            return learner(config, stack.registry());
        }

        LearnerWorker learner(LearnerConfig config, dev.progrs.schemas.registry.SchemaRegistry registry) {
            return new LearnerWorker(config, client(), registry, store, Device.cpu(), init, null);
        }
    }

    private static Setup setup(String name) throws Exception {
        String adv = "adv-" + name;
        String policy = "policy-" + name;
        String dlq = "dlq-" + name;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(adv, 3, Map.of()), new TopicSpec(policy, 1, Map.of("cleanup.policy", "compact")),
                    new TopicSpec(dlq, 1, Map.of()), new TopicSpec("prompts-" + name, 1, Map.of()),
                    new TopicSpec("traj-" + name, 1, Map.of())), (short) 1, Duration.ofSeconds(30));
        }
        Path init = dir.resolve(name + "-init");
        try (PolicyModel m = PolicyModel.create(GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER, Device.cpu(), 5)) {
            PolicyCheckpoint.save(m, init, Map.of("test", "initial tiny policy"));
        }
        return new Setup(name, adv, policy, dlq, new SharedDirectoryCheckpointStore(dir.resolve(name + "-store")), init);
    }

    private static Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return p;
    }

    /** A group of K samples by {@code version}, random short responses, advantages ±1/±0.5 (also the outage test's). */
    static GroupAdvantages group(String id, long version, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> prompt = new ArrayList<>();
        for (int t : PromptFormat.promptIds(GeneratorFixture.TOKENIZER, "a=3. b=a+4. What is b?")) {
            prompt.add(t);
        }
        double[] adv = {1, -1, 0.5, -0.5};
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < K; i++) {
            int len = 5 + rng.nextInt(10);
            List<Integer> response = new ArrayList<>();
            List<Float> lp = new ArrayList<>();
            for (int j = 0; j < len; j++) {
                response.add(4 + rng.nextInt(GeneratorFixture.TOKENIZER.vocabSize() - 4));
                lp.add(-3.9f);
            }
            samples.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(version).setOutcome(adv[i] > 0 ? 1 : 0)
                    .setProcessScore(0.5).setCentredBonus(0).setOutcomeAdvantage(adv[i]).setAdvantage(adv[i]).setPromptTokenIds(prompt)
                    .setResponseTokenIds(response).setBehaviourLogProbs(lp).setStepCount(1).setGeneratedAtMs(0).build());
        }
        return GroupAdvantages.newBuilder().setGroupId(id).setPromptId("p-" + id).setSuite("arithmetic").setExpectedGroupSize(K)
                .setSamples(samples).setCentering(CenteringSettings.newBuilder().setMode("incorrect").setMixing("advantage").setLambda(0.1)
                        .setStd("unbiased").setDominanceGuard(false).build())
                .setPolicyVersionMin(version).setPolicyVersionMax(version).setPartial(false).setTimedOut(false)
                .setZeroVarianceOutcome(false).setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build();
    }

    private static void send(String topic, List<GroupAdvantages> groups) throws Exception {
        Properties p = client();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(GroupAdvantages.class, stack.registry()).serializer())) {
            for (GroupAdvantages g : groups) {
                producer.send(new ProducerRecord<>(topic, g.getGroupId().toString(), g)).get();
            }
        }
    }

    private static List<GroupAdvantages> groups(String prefix, int n, long version) {
        List<GroupAdvantages> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(group(prefix + "-" + i, version, prefix.hashCode() * 31L + i));
        }
        return out;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<PolicyVersion> versions(String topic, boolean committedOnly) {
        var d = AvroSerde.of(PolicyVersion.class, stack.registry()).deserializer();
        return readAll(topic, committedOnly).stream().map(r -> d.deserialize(topic, r.value())).toList();
    }

    private static Map<TopicPartition, Long> committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return m.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static long recordsIn(String topic) {
        return readAll(topic, true).size();
    }

    private static Thread run(LearnerWorker w, String name) {
        Thread t = new Thread(w, "learner-" + name);
        t.start();
        return t;
    }

    /** Versions 0..n, each once, each trained from the one before, with the checkpoints they name intact. */
    private static void assertConsecutive(Setup s, List<PolicyVersion> versions, int n, int groupsPerVersion) throws Exception {
        assertEquals(n + 1, versions.size(), "versions: " + versions.stream().map(PolicyVersion::getVersion).toList());
        for (int v = 0; v <= n; v++) {
            PolicyVersion pv = versions.get(v);
            assertEquals(v, pv.getVersion());
            assertEquals(v == 0 ? null : (long) (v - 1), pv.getParentVersion());
            assertEquals((long) v * groupsPerVersion, pv.getGroupsConsumed());
            assertEquals((long) v * groupsPerVersion * K, pv.getRolloutsConsumed());
            Path cp = s.store().get(URI.create(pv.getCheckpointUri()));
            CheckpointManifest m = CheckpointManifest.read(cp.resolve(CheckpointManifest.FILE_NAME));
            assertEquals(VerifiedCheckpoint.of(cp).checkpointSha256(), pv.getSha256(), "the announcement carries the checkpoint hash");
            assertEquals(v, m.policyVersion());
            try (PolicyModel loaded = PolicyCheckpoint.load(cp, Device.cpu(), GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER)) {
                assertEquals(v, loaded.version());
            }
        }
    }

    @Test
    void publishesConsecutiveVersionsThatAGeneratorLoadsAndDropsStaleGroups() throws Exception {
        Setup s = setup("seq");
        send(s.advantages(), groups("seq-a", 6, 0));
        GeneratorConfig gc = GeneratorFixture.config("gen-seq", K, 1)
                .withTopics(new GeneratorConfig.TopicNames("prompts-seq", "traj-seq", s.policy(), s.dlq()));
        try (LearnerWorker learner = s.learner(s.config(2, 4));
             GeneratorWorker generator = new GeneratorWorker(gc, client(), stack.registry(), s.store(), Device.cpu())) {
            Thread lt = run(learner, "seq");
            Thread gt = new Thread(generator, "gen-seq");
            gt.start();
            await("version 3", Duration.ofSeconds(60), () -> learner.stats().currentVersion() == 3);
            // now at version 3: groups of version 0 are more than max-staleness 2 behind
            send(s.advantages(), groups("seq-stale", 2, 0));
            Thread.sleep(500);
            send(s.advantages(), groups("seq-b", 2, 3));
            lt.join(60_000);
            assertFalse(lt.isAlive());
            await("the generator to load version 4", Duration.ofSeconds(30), () -> generator.stats().loadedVersion() == 4);
            assertTrue(generator.stats().policyLoads() >= 2, generator.stats().toString());
            generator.shutdown();
            gt.join(30_000);
            assertEquals(2, learner.stats().staleDropped());
        }
        List<PolicyVersion> versions = versions(s.policy(), true);
        assertConsecutive(s, versions, 4, 2);
        PolicyVersion v4 = versions.get(4);
        assertEquals(2.0, v4.getMetrics().get("groups-dropped-stale"));
        assertEquals(2.0, v4.getMetrics().get("groups-dropped-stale-total"));
        for (String key : List.of("loss", "clip-fraction-low", "clip-fraction-high", "approx-kl-behaviour", "entropy", "advantage-abs-mean",
                "ratio-mean", "ratio-max", "staleness-mean", "staleness-max", "tokens", "tokens-per-second")) {
            assertNotNull(v4.getMetrics().get(key), key + " in " + v4.getMetrics());
        }
        assertEquals(0.75, v4.getMetrics().get("advantage-abs-mean"), 1e-9);
        // every consumed record (10 groups, 2 of them stale) is committed with the last version
        assertEquals(10, committed("learner-seq", s.advantages()).values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void anAnnouncementWaitsForAnUnavailableRegistryInsteadOfStoppingTheLearner() throws Exception {
        Setup s = setup("registry-down");
        SwitchableRegistry registry = new SwitchableRegistry(stack.registry());
        registry.down();
        try (LearnerWorker learner = s.learner(s.config(2, 1), registry)) {
            Thread t = run(learner, "registry-down");
            // the warm start cannot be encoded (its schema is not registered yet): the learner waits, alive
            await("the learner to be refused twice", Duration.ofSeconds(30), () -> registry.refused() >= 2);
            assertTrue(t.isAlive(), "learner running while the registry is down");
            assertEquals(0, recordsIn(s.policy()), "nothing announced yet");
            registry.up();
            await("version 0", Duration.ofSeconds(30), () -> learner.stats().currentVersion() == 0);
            send(s.advantages(), groups("registry-down", 2, 0));
            t.join(60_000);
            assertFalse(t.isAlive(), "the learner ends after its one version");
            assertTrue(learner.stats().registryWaits() >= 1, learner.stats().toString());
            assertEquals(0, learner.stats().deadLettered());
        }
        assertConsecutive(s, versions(s.policy(), true), 1, 2);
    }

    @Test
    void poisonRecordsGoToTheDlqWithTheirReasonAndTheLearnerCarriesOn() throws Exception {
        Setup s = setup("poison");
        Properties p = client();
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(s.advantages(), 0, "junk".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        GroupAdvantages broken = group("poison-broken", 0, 1);
        broken.getSamples().get(2).setBehaviourLogProbs(List.of(-1f));
        send(s.advantages(), List.of(broken));
        send(s.advantages(), groups("poison-ok", 2, 0));
        try (LearnerWorker learner = s.learner(s.config(2, 1))) {
            Thread t = run(learner, "poison");
            t.join(60_000);
            assertFalse(t.isAlive());
            assertEquals(2, learner.stats().deadLettered());
        }
        List<ConsumerRecord<byte[], byte[]>> dead = readAll(s.dlq(), true);
        assertEquals(2, dead.size());
        List<String> reasons = dead.stream().map(r -> DeadLetters.text(r.headers(), DeadLetters.REASON)).sorted().toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains("behaviour log-probs for")), reasons.toString());
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            assertEquals("learner", DeadLetters.text(r.headers(), DeadLetters.STAGE));
            assertEquals(s.advantages(), DeadLetters.text(r.headers(), DeadLetters.SOURCE_TOPIC));
            assertNotNull(DeadLetters.text(r.headers(), DeadLetters.SOURCE_OFFSET));
        }
        List<PolicyVersion> versions = versions(s.policy(), true);
        assertConsecutive(s, versions, 1, 2);
        assertEquals(4, committed("learner-poison", s.advantages()).values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void syncModeTrainsEachVersionOnlyOnItsOwnGroupsWhileTheGeneratorWaitsForIt() throws Exception {
        Setup s = setup("sync");
        int b = 2;
        GeneratorConfig gc = GeneratorFixture.config("gen-sync", K, 1)
                .withTopics(new GeneratorConfig.TopicNames("prompts-sync", "traj-sync", s.policy(), s.dlq()));
        List<dev.progrs.wire.Prompt> prompts = GeneratorFixture.prompts("sync", 12);
        Properties pp = client();
        try (var producer = new KafkaProducer<>(pp, new StringSerializer(), AvroSerde.of(dev.progrs.wire.Prompt.class, stack.registry()).serializer())) {
            for (var prompt : prompts) {
                producer.send(new ProducerRecord<>("prompts-sync", prompt.getPromptId().toString(), prompt)).get();
            }
        }
        java.util.concurrent.atomic.AtomicBoolean stopBridge = new java.util.concurrent.atomic.AtomicBoolean();
        Thread bridge = new Thread(() -> bridge("traj-sync", s.advantages(), stopBridge), "bridge-sync");
        try (LearnerWorker learner = s.learner(s.config(b, 3).withSync(true));
             GeneratorWorker generator = new GeneratorWorker(gc, client(), stack.registry(), s.store(), Device.cpu())
                     .gate(dev.progrs.generator.worker.PolicyGate.staleness(2).and(dev.progrs.generator.worker.PolicyGate.sync(b)))) {
            assertEquals(0, learner.config().grpo().maxStaleness(), "sync forces max-staleness 0");
            Thread lt = run(learner, "sync");
            bridge.start();
            Thread gt = new Thread(generator, "gen-sync");
            gt.start();
            lt.join(120_000);
            assertFalse(lt.isAlive(), "the learner published 3 versions");
            generator.shutdown();
            gt.join(30_000);
        } finally {
            stopBridge.set(true);
            bridge.join(30_000);
        }
        List<PolicyVersion> versions = versions(s.policy(), true);
        assertConsecutive(s, versions, 3, b);
        for (PolicyVersion v : versions.subList(1, versions.size())) {
            assertEquals(0.0, v.getMetrics().get("staleness-max"), "version " + v.getVersion() + " trained only on its parent's samples");
            assertEquals(0.0, v.getMetrics().get("groups-dropped-stale"));
            assertEquals(1.0, v.getMetrics().get("sync"));
            // on-policy: the learner's log π at the sampling temperature reproduces the generator's behaviour log-probs
            assertEquals(1.0, v.getMetrics().get("ratio-mean"), 1e-3, "ratio mean of version " + v.getVersion());
            assertEquals(1.0, v.getMetrics().get("ratio-max"), 1e-2, "ratio max of version " + v.getVersion());
        }
        // the generator sampled exactly B groups under each of versions 0..2 before waiting for the next
        var d = AvroSerde.of(dev.progrs.wire.Trajectory.class, stack.registry()).deserializer();
        Map<Long, Long> groupsByVersion = readAll("traj-sync", true).stream().map(r -> d.deserialize("traj-sync", r.value()))
                .collect(Collectors.groupingBy(t -> t.getPolicyVersion(), Collectors.mapping(t -> t.getGroupId().toString(),
                        Collectors.collectingAndThen(Collectors.toSet(), st -> (long) st.size()))));
        for (long v = 0; v < 3; v++) {
            assertEquals(b, groupsByVersion.get(v), "groups sampled under version " + v + ": " + groupsByVersion);
        }
    }

    /** A stand-in for scorer + centering: complete groups of trajectories become GroupAdvantages with A = R − mean R. */
    private static void bridge(String trajectories, String advantages, java.util.concurrent.atomic.AtomicBoolean stop) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bridge-" + trajectories);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var d = AvroSerde.of(dev.progrs.wire.Trajectory.class, stack.registry()).deserializer();
        Map<String, List<dev.progrs.wire.Trajectory>> open = new java.util.HashMap<>();
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(client(), new StringSerializer(), AvroSerde.of(GroupAdvantages.class, stack.registry()).serializer())) {
            c.subscribe(List.of(trajectories));
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    dev.progrs.wire.Trajectory t = d.deserialize(trajectories, r.value());
                    List<dev.progrs.wire.Trajectory> g = open.computeIfAbsent(t.getGroupId().toString(), k -> new ArrayList<>());
                    g.add(t);
                    if (g.size() == t.getGroupSize()) {
                        open.remove(t.getGroupId().toString());
                        GroupAdvantages ga = advantagesOf(g);
                        producer.send(new ProducerRecord<>(advantages, ga.getGroupId().toString(), ga));
                        producer.flush();
                    }
                }
            }
        }
    }

    private static GroupAdvantages advantagesOf(List<dev.progrs.wire.Trajectory> g) {
        double mean = g.stream().mapToDouble(dev.progrs.wire.Trajectory::getOutcomeReward).average().orElse(0);
        List<SampleAdvantage> samples = new ArrayList<>();
        for (dev.progrs.wire.Trajectory t : g) {
            double a = t.getOutcomeReward() - mean;
            samples.add(SampleAdvantage.newBuilder().setSampleIndex(t.getSampleIndex()).setPolicyVersion(t.getPolicyVersion())
                    .setOutcome(t.getOutcomeReward()).setProcessScore(0).setCentredBonus(0).setOutcomeAdvantage(a).setAdvantage(a)
                    .setPromptTokenIds(t.getPromptTokenIds()).setResponseTokenIds(t.getResponseTokenIds())
                    .setBehaviourLogProbs(t.getBehaviourLogProbs()).setStepCount(t.getSteps().size()).setGeneratedAtMs(t.getGeneratedAtMs()).build());
        }
        long min = g.stream().mapToLong(dev.progrs.wire.Trajectory::getPolicyVersion).min().orElseThrow();
        long max = g.stream().mapToLong(dev.progrs.wire.Trajectory::getPolicyVersion).max().orElseThrow();
        return GroupAdvantages.newBuilder().setGroupId(g.get(0).getGroupId()).setPromptId(g.get(0).getPromptId()).setSuite("arithmetic")
                .setExpectedGroupSize(g.size()).setSamples(samples).setCentering(CenteringSettings.newBuilder().setMode("none")
                        .setMixing("advantage").setLambda(0).setStd("none").setDominanceGuard(false).build())
                .setPolicyVersionMin(min).setPolicyVersionMax(max).setPartial(false).setTimedOut(false)
                .setZeroVarianceOutcome(false).setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build();
    }

    enum CrashPoint { AFTER_UPDATE, AFTER_CHECKPOINT, BEFORE_COMMIT }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    void aCrashBetweenUpdateAndCommitNeitherLosesNorDoublesAVersion(CrashPoint point) throws Exception {
        Setup s = setup("crash-" + point.name().toLowerCase().replace('_', '-'));
        send(s.advantages(), groups(s.name() + "-a", 4, 0));
        LearnerHook crashAtVersion2 = new LearnerHook() {
            @Override
            public void afterUpdate(long version) {
                crashAt(CrashPoint.AFTER_UPDATE, version);
            }

            @Override
            public void afterCheckpoint(long version) {
                crashAt(CrashPoint.AFTER_CHECKPOINT, version);
            }

            @Override
            public void beforeCommit(long version) {
                crashAt(CrashPoint.BEFORE_COMMIT, version);
            }

            private void crashAt(CrashPoint at, long version) {
                if (at == point && version == 2) {
                    throw new SimulatedCrash(point + " of version 2");
                }
            }
        };
        try (LearnerWorker first = s.learner(s.config(2, 0)).hook(crashAtVersion2)) {
            Thread t = run(first, s.name() + "-1");
            t.join(60_000);
            assertFalse(t.isAlive());
            assertEquals(1, first.stats().versionsPublished());
        }
        // after the crash: versions 0 and 1 are announced; the checkpoint of 2 exists unless the crash came before it
        assertEquals(List.of(0L, 1L), versions(s.policy(), true).stream().map(PolicyVersion::getVersion).toList());
        boolean checkpointed = point != CrashPoint.AFTER_UPDATE;
        assertEquals(checkpointed, Files.isDirectory(s.store().directoryOf(2)));
        assertEquals(2, committed("learner-" + s.name(), s.advantages()).values().stream().mapToLong(Long::longValue).sum());

        // what a put cut short by a kill -9 leaves (the simulated crash is an exception: its put cleaned up)
        Path leftover = Files.createDirectory(s.store().root().resolve(".tmp-" + java.util.UUID.randomUUID()));
        Files.writeString(leftover.resolve(PolicyCheckpoint.WEIGHTS_FILE), "half a checkpoint");

        send(s.advantages(), groups(s.name() + "-b", 2, 1));
        try (LearnerWorker second = s.learner(s.config(2, checkpointed ? 1 : 2))) {
            Thread t = run(second, s.name() + "-2");
            t.join(60_000);
            assertFalse(t.isAlive());
            assertFalse(Files.exists(leftover), "the restarted learner removes the stale temporary directory");
            assertEquals(checkpointed ? 1 : 0, second.stats().rolledForward());
            assertEquals(checkpointed ? 1 : 2, second.stats().versionsPublished(), "batches trained after the restart");
        }
        List<PolicyVersion> versions = versions(s.policy(), true);
        assertConsecutive(s, versions, 3, 2);
        assertEquals(6, committed("learner-" + s.name(), s.advantages()).values().stream().mapToLong(Long::longValue).sum());
        // a read_uncommitted reader may also see the aborted announcement of version 2: it is the identical record
        List<PolicyVersion> all = versions(s.policy(), false);
        for (PolicyVersion v : all) {
            assertEquals(versions.get((int) v.getVersion()), v, "every announcement of version " + v.getVersion() + " is identical");
        }
        if (point == CrashPoint.BEFORE_COMMIT) {
            // The aborted announcement reaches the log only if the producer had sent its batch before the
            // abort (send is asynchronous; an abort drops unsent batches), so both counts are correct.
            assertTrue(all.size() == 4 || all.size() == 5,
                    "versions 0-3 committed, plus at most the one aborted announcement of version 2; got " + all.size());
        } else {
            assertEquals(4, all.size());
        }
        assertNull(versions.get(0).getParentVersion());
    }
}
