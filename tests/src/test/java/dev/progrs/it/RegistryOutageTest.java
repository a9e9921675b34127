package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.sun.net.httpserver.HttpServer;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.centering.topology.CenteringTopologyConfig;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.RegistryRetryPolicy;
import dev.progrs.schemas.registry.RestSchemaRegistryClient;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registry outages survived: the embedded registry's HTTP server is stopped for 30 s
 * while records flow through the whole pipeline in one JVM (generator, scorer, centering stream,
 * learner, monitor), then started again on the same port. Each stage talks to the registry over
 * REST with its own client and cache, as separate processes would, and its client gives up after
 * three quick attempts, so what bridges the outage is the stage's own retry.
 *
 * <p>A stage only asks the registry for what it has not cached, so the records that arrive during
 * the outage are chosen to need it: prompts, trajectories, scored trajectories and groups whose
 * schema ids the stages have not seen (written by the test through the registry's Java API, which
 * the outage does not touch). The scorer has seen the trajectory schema before (its cache is
 * warmed), so its first batch fails on <em>encoding</em> the scored record; a second batch written
 * with a newer, compatible trajectory schema then fails on <em>decoding</em>. Explicit barriers
 * (each stage's registry calls failing, counted by {@link ObservedRegistry}) prove every stage met
 * the outage before it ends. Afterwards: every group once in {@code progrs.advantages}, nothing in
 * the DLQ, the learner's versions consecutive, every stage still running.
 *
 * <p>The other side: a registry that refuses a request (403) stops the centering stream at once,
 * naming the URL and the status, after one request (no retries, no thread replacements).
 */
@Tag("slow")
class RegistryOutageTest {

    private static final int K = 2;
    private static final int BATCH_GROUPS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** The stages' clients: three attempts 50 ms and 100 ms apart, so the outage outlasts them many times over. */
    private static final RegistryRetryPolicy QUICK = new RegistryRetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100));
    /** Context 192: the synthetic trajectories (full reference solutions) fit the learner's policy. */
    private static final TransformerConfig POLICY = new TransformerConfig(GeneratorFixture.TOKENIZER.vocabSize(), 32, 2, 4, 192, 64,
            true, 1e-5f);

    @TempDir
    static Path dir;
    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), 0, 3);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A stage's registry: REST to the embedded registry, observed, cached (the cache in front, as in production). */
    private record StageRegistry(ObservedRegistry observed, SchemaRegistry client) {
        static StageRegistry of(LocalStack stack) {
            ObservedRegistry observed = new ObservedRegistry(new RestSchemaRegistryClient(stack.registryUrl(), QUICK));
            return new StageRegistry(observed, new CachingSchemaRegistry(observed));
        }
    }

    @Test
    void aThirtySecondRegistryOutageLosesNothingDeadLettersNothingAndStopsNoStage() throws Exception {
        long t0 = System.currentTimeMillis();
        try (GeneratorFixture fx = new GeneratorFixture(stack, dir.resolve("store"));
             FrozenPrm prm = FaultHarness.tinyPrm(dir.resolve("prm"))) {
            String bootstrap = stack.bootstrapServers();
            EmbeddedSchemaRegistry registry = stack.registry(); // the test's writers: the Java API, untouched by the outage
            fx.publishPolicy(0, 5, POLICY);
            int promptId = registry.register(Subjects.value(Topics.PROMPTS), Prompt.getClassSchema());
            int trajectoryId = registry.register(Subjects.value(Topics.TRAJECTORIES), Trajectory.getClassSchema());
            Schema newerTrajectory = trajectoryWithAnOptionalField();
            int newerTrajectoryId = registry.register(Subjects.value(Topics.TRAJECTORIES), newerTrajectory);
            int scoredId = registry.register(Subjects.value(Topics.SCORED), ScoredTrajectory.getClassSchema());
            int advantagesId = registry.register(Subjects.value(Topics.ADVANTAGES), GroupAdvantages.getClassSchema());
            // scored input of the centering stream, scored here before the scorer worker shares the PRM
            List<ScoredTrajectory> scored = score(prm, List.of(FaultHarness.group("outage-s", 0, K), FaultHarness.group("outage-s", 1, K)));

            StageRegistry genReg = StageRegistry.of(stack);
            StageRegistry scorerReg = StageRegistry.of(stack);
            StageRegistry centeringReg = StageRegistry.of(stack);
            StageRegistry learnerReg = StageRegistry.of(stack);
            StageRegistry monitorReg = StageRegistry.of(stack);

            GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, BATCH_GROUPS, 1, 10, 1f);
            LearnerWorker learner = new LearnerWorker(LearnerConfig.defaults(grpo).withPollTimeout(Duration.ofMillis(100)), fx.client(),
                    learnerReg.client(), fx.store, Device.cpu(), null, null);
            Thread learnerThread = new Thread(learner, "learner-outage");
            learnerThread.start();
            CenteringMetrics centeringMetrics = new CenteringMetrics();
            ScorerWorker scorer = null;
            GeneratorWorker generator = null;
            Thread generatorThread = null;
            try (CenteringApp centering = FaultHarness.startCentering(bootstrap, centeringReg.client(), "outage-centering",
                    dir.resolve("state"), centeringMetrics);
                 MonitorService monitor = MonitorService.start(MonitorOptions.defaults(bootstrap), monitorReg.client(),
                         MonitorConfig.defaults(), "127.0.0.1", MonitorService.NO_HTTP)) {
                scorer = FaultHarness.startScorer(bootstrap, scorerReg.client(), prm, "outage-scorer");
                generator = new GeneratorWorker(GeneratorFixture.config("outage-gen", K, 2).withMaxStaleness(10), fx.client(),
                        genReg.client(), fx.store, Device.cpu());
                generatorThread = fx.start(generator);
                GeneratorWorker gen = generator;
                ScorerWorker sc = scorer;

                // ---- every stage up, with version 0 read through its own client
                await("the learner at version 0", Duration.ofSeconds(60), () -> learner.stats().currentVersion() == 0);
                await("the generator to load version 0", Duration.ofSeconds(60), () -> gen.stats().loadedVersion() == 0);
                assertTrue(centering.awaitRunning(Duration.ofSeconds(60)), "centering running");
                await("the centering stream to read version 0", Duration.ofSeconds(30),
                        () -> centeringMetrics.snapshot().policyUpdates() >= 1);
                assertTrue(sc.isRunning() && monitor.running(), "scorer and monitor running");
                scorerReg.client().schemaById(trajectoryId); // the scorer has decoded trajectories of this schema before

                // ---- the outage, and records that need the registry at every stage
                registry.stopHttp();
                long down = System.nanoTime();
                System.out.printf("registry HTTP stopped at %d ms%n", System.currentTimeMillis() - t0);
                List<Prompt> prompts = GeneratorFixture.prompts("outage", 2);
                fx.sendPrompts(prompts);
                List<Trajectory> current = FaultHarness.group("outage-x", 0, K);
                List<Trajectory> newer = FaultHarness.group("outage-y", 1, K);
                sendTrajectories(stack, current, -1);
                sendScored(stack, scored);
                List<GroupAdvantages> groups = List.of(LearnerWorkerTest.group("outage-a-0", 0, 11), LearnerWorkerTest.group("outage-a-1", 0, 12));
                sendGroups(stack, groups);

                await("the generator to meet the outage decoding prompts", Duration.ofSeconds(30),
                        () -> genReg.observed().unavailable("schemaById:" + promptId) >= 1);
                await("the scorer to meet the outage encoding a scored record", Duration.ofSeconds(30),
                        () -> scorerReg.observed().unavailable("register:" + Subjects.value(Topics.SCORED)) >= 1);
                sendTrajectories(stack, newer, newerTrajectoryId);
                await("the scorer to meet the outage decoding the newer trajectory schema", Duration.ofSeconds(30),
                        () -> scorerReg.observed().unavailable("schemaById:" + newerTrajectoryId) >= 1);
                await("the centering stream to meet the outage decoding scored records", Duration.ofSeconds(30),
                        () -> centeringReg.observed().unavailable("schemaById:" + scoredId) >= 1
                                && centeringMetrics.registryUnavailableCount() >= 1);
                await("the learner to meet the outage decoding groups", Duration.ofSeconds(30),
                        () -> learnerReg.observed().unavailable("schemaById:" + advantagesId) >= 1);
                await("the monitor to meet the outage", Duration.ofSeconds(30),
                        () -> monitorReg.observed().unavailable("schemaById:" + scoredId)
                                + monitorReg.observed().unavailable("schemaById:" + advantagesId) >= 1);
                long left = OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000;
                if (left > 0) {
                    Thread.sleep(left); // the barriers above are met: this only makes the outage last 30 s
                }
                registry.restartHttp();
                long up = System.nanoTime();
                System.out.printf("registry HTTP back after %.1f s; failed calls: generator %s, scorer %s, centering %s, learner %s,"
                                + " monitor %s%n", (System.nanoTime() - down) / 1e9, genReg.observed(), scorerReg.observed(),
                        centeringReg.observed(), learnerReg.observed(), monitorReg.observed());

                // ---- everything arrives once, nothing is dead-lettered, every stage runs
                int expectedGroups = prompts.size() + 2 + scored.size() / K + groups.size();
                try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, registry)) {
                    assertEquals(expectedGroups, v.pollUntil(expectedGroups, Duration.ofSeconds(90)), "groups in " + Topics.ADVANTAGES);
                    System.out.printf("all %d groups in %s %.1f s after the registry came back%n", expectedGroups, Topics.ADVANTAGES,
                            (System.nanoTime() - up) / 1e9);
                    await("the learner to publish version 2", Duration.ofSeconds(60), () -> learner.stats().currentVersion() >= 2);
                    long scoredRecords = scored.size() + 2L * K + (long) prompts.size() * K; // outage-s, outage-x and -y, the generator's
                    await("the monitor to read every record", Duration.ofSeconds(30),
                            () -> monitor.recordsProcessed() >= scoredRecords + expectedGroups);
                    v.settle(Duration.ofSeconds(1));
                    assertEquals(List.of(), v.duplicates());
                    Set<String> promptIds = v.groups.values().stream().map(g -> g.getPromptId().toString())
                            .collect(Collectors.toCollection(TreeSet::new));
                    for (Prompt p : prompts) {
                        assertTrue(promptIds.contains(p.getPromptId()), "a group of prompt " + p.getPromptId() + " in " + promptIds);
                    }
                    Set<String> groupIds = v.groups.keySet();
                    for (String id : List.of("outage-x-0000", "outage-y-0001", "outage-s-0000", "outage-s-0001", "outage-a-0", "outage-a-1")) {
                        assertTrue(groupIds.contains(id), id + " in " + groupIds);
                    }
                }
                assertEquals(List.of(), FaultHarness.readCommitted(bootstrap, Topics.DLQ), "dead letters");
                List<PolicyVersion> versions = policyVersions(fx, registry);
                assertEquals(List.of(0L, 1L, 2L), versions.stream().map(PolicyVersion::getVersion).toList(), "policy versions");
                for (PolicyVersion pv : versions) {
                    assertEquals(pv.getVersion() * BATCH_GROUPS, pv.getGroupsConsumed(), "groups consumed by version " + pv.getVersion());
                }

                assertTrue(generatorThread.isAlive(), "generator running");
                assertEquals(prompts.size(), generator.stats().groups());
                assertEquals(0, generator.stats().deadLetters());
                assertTrue(scorer.isRunning(), "scorer running");
                assertNull(scorer.failure());
                assertEquals(0, scorer.deadLetterCount());
                assertEquals(2L * K + (long) prompts.size() * K, scorer.scoredCount(), "scored once each: outage-x, outage-y, the generator's");
                assertTrue(scorer.registryRetryCount() >= 2, "scorer batches retried: " + scorer.registryRetryCount());
                assertTrue(centering.awaitRunning(Duration.ofSeconds(30)), "centering running, state " + centering.state());
                assertNull(centering.failure());
                assertEquals(0, centeringMetrics.snapshot().deadLettered());
                assertTrue(learnerThread.isAlive(), "learner running");
                assertEquals(0, learner.stats().deadLettered());
                assertTrue(learner.stats().registryWaits() >= 1, learner.stats().toString());
                assertTrue(monitor.running(), "monitor running");
                assertTrue(monitor.failure().isEmpty(), "monitor failure " + monitor.failure());
                System.out.printf("outage run: %d groups once, versions %s, 0 dead letters; scorer retried %d batches, centering %d"
                                + " registry failures, learner %d waits; %d ms%n", expectedGroups,
                        versions.stream().map(PolicyVersion::getVersion).toList(), scorer.registryRetryCount(),
                        centeringMetrics.registryUnavailableCount(), learner.stats().registryWaits(), System.currentTimeMillis() - t0);
            } finally {
                if (generator != null) {
                    generator.close();
                }
                if (scorer != null) {
                    scorer.close();
                }
                learner.shutdown();
                learnerThread.join(30_000);
                learner.close();
            }
        }
    }

    @Test
    void aRegistryThatRefusesARequestStopsTheCenteringStreamAtOnceNamingTheUrlAndTheStatus() throws Exception {
        HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        refusing.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                byte[] body = "{\"error_code\":40301,\"message\":\"User is denied operation Read on Subject\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        refusing.start();
        String url = "http://127.0.0.1:" + refusing.getAddress().getPort();
        try {
            Map<String, String> s = new HashMap<>();
            s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, "refused-centering");
            s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            s.put(CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve("refused-state").toString());
            s.put(CenteringTopologyConfig.INPUT_TOPIC_CONFIG, "refused.scored");
            s.put(CenteringTopologyConfig.OUTPUT_TOPIC_CONFIG, "refused.advantages");
            s.put(CenteringTopologyConfig.DLQ_TOPIC_CONFIG, "refused.dlq");
            s.put(CenteringTopologyConfig.POLICY_TOPIC_CONFIG, "refused.policy"); // empty: the record below is the first thing decoded
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                TopicSetup.ensure(admin, List.of(new TopicSpec("refused.scored", 1, Map.of()), new TopicSpec("refused.dlq", 1, Map.of()),
                        new TopicSpec("refused.policy", 1, Map.of("cleanup.policy", "compact"))),
                        (short) 1, Duration.ofSeconds(30));
            }
            try (CenteringApp centering = CenteringApp.start(CenteringAppConfig.fromSettings(s),
                    CenteringSerdes.avro(new CachingSchemaRegistry(new RestSchemaRegistryClient(url))), new CenteringMetrics())) {
                assertTrue(centering.awaitRunning(Duration.ofSeconds(60)), "running, state " + centering.state());
                List<ScoredTrajectory> one = List.of(SampleRecords.scoredTrajectory());
                try (var producer = rawProducer(stack)) {
                    producer.send(new ProducerRecord<>("refused.scored", key(one.get(0).getTrajectory().getGroupId()),
                            AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer().serialize("refused.scored", one.get(0)))).get();
                }
                long sent = System.nanoTime();
                assertTrue(centering.awaitStopped(Duration.ofSeconds(30)), "stopped, state " + centering.state());
                double seconds = (System.nanoTime() - sent) / 1e9;
                System.out.printf("a 403 from the registry stopped the centering stream %.1f s after the record, %d request(s): %s%n",
                        seconds, requests.get(), centering.failure().getMessage());
                assertEquals(1, requests.get(), "a 4xx is asked once, never retried");
                String message = centering.failure().getMessage();
                assertTrue(message.contains("GET " + url + "/schemas/ids/"), message);
                assertTrue(message.contains("HTTP 403, error_code 40301: User is denied operation Read on Subject"), message);
                assertTrue(FaultHarness.readCommitted(stack.bootstrapServers(), "refused.dlq").isEmpty(), "nothing dead-lettered");
            }
        } finally {
            refusing.stop(0);
        }
    }

    /** The trajectory schema with one more field, optional with a default: BACKWARD compatible, so it gets a new id. */
    private static Schema trajectoryWithAnOptionalField() {
        Schema t = Trajectory.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : t.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Schema optional = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        fields.add(new Schema.Field("drill", optional, "added by the outage test", JsonProperties.NULL_VALUE));
        return Schema.createRecord(t.getName(), t.getDoc(), t.getNamespace(), false, fields);
    }

    private static List<ScoredTrajectory> score(FrozenPrm prm, List<List<Trajectory>> groups) {
        TrajectoryScorer scorer = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "outage-test", 8,
                System::currentTimeMillis);
        List<ScoredTrajectory> out = new ArrayList<>();
        for (List<Trajectory> g : groups) {
            for (TrajectoryScorer.Result r : scorer.score(g)) {
                assertNull(r.error(), "fixture scored");
                out.add(r.scored());
            }
        }
        return out;
    }

    /**
     * Sends {@code group} to partition 0 of the trajectory topic (one partition: the scorer meets them in
     * order), written with the class schema or, when {@code schemaId >= 0}, with the newer schema of that
     * id: its binary form is the class schema's followed by the added union field's branch index 0 (null).
     */
    private static void sendTrajectories(LocalStack stack, List<Trajectory> group, int schemaId) throws Exception {
        AvroSerializer<Trajectory> serializer = new AvroSerializer<>(Trajectory.class, stack.registry());
        try (var producer = rawProducer(stack)) {
            for (Trajectory t : group) {
                byte[] bytes = serializer.serialize(Topics.TRAJECTORIES, t);
                if (schemaId >= 0) {
                    bytes = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0).putInt(1, schemaId).array();
                }
                producer.send(new ProducerRecord<>(Topics.TRAJECTORIES, 0, key(t.getGroupId()), bytes)).get();
            }
        }
    }

    private static void sendScored(LocalStack stack, List<ScoredTrajectory> records) throws Exception {
        var serializer = AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer();
        try (var producer = rawProducer(stack)) {
            for (ScoredTrajectory s : records) {
                producer.send(new ProducerRecord<>(Topics.SCORED, key(s.getTrajectory().getGroupId()),
                        serializer.serialize(Topics.SCORED, s))).get();
            }
        }
    }

    private static void sendGroups(LocalStack stack, List<GroupAdvantages> groups) throws Exception {
        var serializer = AvroSerde.of(GroupAdvantages.class, stack.registry()).serializer();
        try (var producer = rawProducer(stack)) {
            for (GroupAdvantages g : groups) {
                producer.send(new ProducerRecord<>(Topics.ADVANTAGES, key(g.getGroupId()), serializer.serialize(Topics.ADVANTAGES, g))).get();
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> rawProducer(LocalStack stack) {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] key(CharSequence id) {
        return id.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<PolicyVersion> policyVersions(GeneratorFixture fx, EmbeddedSchemaRegistry registry) {
        var d = AvroSerde.of(PolicyVersion.class, registry).deserializer();
        List<PolicyVersion> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : fx.raw(Topics.POLICY)) {
            out.add(d.deserialize(Topics.POLICY, r.value()));
        }
        return out;
    }
}
