package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.IncompatibleSchemaException;
import dev.progrs.schemas.registry.Subjects;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults "a poison record on every topic" and "a schema the registry refuses", in one run of
 * the whole pipeline in one JVM (learner, centering stream, scorer, generator; the test is the prompt
 * feeder). Poison bytes land on prompts, trajectories, scored, advantages and policy at once; then a
 * producer tries to register an incompatible schema under {@code progrs.prompts-value}; then more
 * prompts follow. Every valid group reaches {@code progrs.advantages} exactly once, the learner
 * publishes consecutive versions (none lost or doubled), every worker keeps running.
 */
@Tag("slow")
class PoisonEverywhereTest {

    private static final int K = 4;
    private static final int BATCH_GROUPS = 4;

    @TempDir
    Path dir;

    @Test
    void poisonOnEveryTopicAndARefusedSchemaLoseNothingAndStopNothing() throws Exception {
        long t0 = System.currentTimeMillis();
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3);
             GeneratorFixture fx = new GeneratorFixture(stack, dir.resolve("store"));
             FrozenPrm prm = FaultHarness.tinyPrm(dir.resolve("prm"))) {
            String bootstrap = stack.bootstrapServers();
            Path init = dir.resolve("init");
            try (PolicyModel m = PolicyModel.create(GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER, Device.cpu(), 5)) {
                PolicyCheckpoint.save(m, init, Map.of("test", "initial tiny policy"));
            }
            GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, BATCH_GROUPS, 1, 10, 1f);
            LearnerWorker learner = new LearnerWorker(LearnerConfig.defaults(grpo).withPollTimeout(Duration.ofMillis(100)), fx.client(),
                    stack.registry(), fx.store, Device.cpu(), init, null);
            Thread learnerThread = new Thread(learner, "learner-poison");
            learnerThread.start();
            CenteringMetrics metrics = new CenteringMetrics();
            ScorerWorker scorer = null;
            GeneratorWorker generator = null;
            try (CenteringApp centering = FaultHarness.startCentering(bootstrap, stack.registry(), "poison-centering", dir.resolve("state"),
                    metrics)) {
                scorer = FaultHarness.startScorer(bootstrap, stack.registry(), prm, "poison-scorer");
                generator = fx.worker(GeneratorFixture.config("poison-gen", K, 2).withMaxStaleness(10));
                fx.start(generator);

                // ---- phase 1: poison on all five topics at once, between two halves of the prompts
                List<Prompt> prompts = GeneratorFixture.prompts("poison", 12);
                fx.sendPrompts(prompts.subList(0, 4));
                Map<String, byte[]> poison = new HashMap<>();
                for (String topic : List.of(Topics.PROMPTS, Topics.TRAJECTORIES, Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY)) {
                    byte[] bytes = ("poison on " + topic).getBytes(StandardCharsets.UTF_8);
                    poison.put(topic, bytes);
                    // keyed: the policy topic is compacted and refuses null keys
                    fx.sendRaw(topic, ("poison-" + topic).getBytes(StandardCharsets.UTF_8), bytes);
                }
                fx.sendPrompts(prompts.subList(4, 8));

                FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, stack.registry());
                try (v) {
                    assertEquals(8, v.pollUntil(8, Duration.ofSeconds(120)), "groups of the first 8 prompts");
                    await("the learner to publish version 2", Duration.ofSeconds(30), () -> learner.stats().currentVersion() >= 2);

                    // every poison except the policy one is in the DLQ once, with its source and a reason
                    Map<String, List<ConsumerRecord<byte[], byte[]>>> dead = new HashMap<>();
                    await("four dead letters", Duration.ofSeconds(20), () -> fx.raw(Topics.DLQ).size() >= 4);
                    for (ConsumerRecord<byte[], byte[]> r : fx.raw(Topics.DLQ)) {
                        dead.computeIfAbsent(FaultHarness.header(r, "progrs.dlq.source.topic"), t -> new ArrayList<>()).add(r);
                    }
                    for (String topic : List.of(Topics.PROMPTS, Topics.TRAJECTORIES, Topics.SCORED, Topics.ADVANTAGES)) {
                        List<ConsumerRecord<byte[], byte[]>> d = dead.get(topic);
                        assertNotNull(d, "no dead letter from " + topic + "; DLQ holds " + dead.keySet());
                        assertEquals(1, d.size(), "dead letters from " + topic);
                        assertTrue(java.util.Arrays.equals(poison.get(topic), d.get(0).value()), "original bytes from " + topic);
                        String reason = FaultHarness.header(d.get(0), "progrs.dlq.reason");
                        assertNotNull(reason, "reason header on the dead letter from " + topic);
                        System.out.printf("poison on %s -> progrs.dlq, stage %s, reason: %s%n", topic,
                                FaultHarness.header(d.get(0), "progrs.dlq.stage"), reason);
                    }
                    // the policy poison: skipped and counted by its readers, never taken as a version
                    await("the centering stream to count the policy poison", Duration.ofSeconds(10),
                            () -> metrics.snapshot().policyDecodeFailures() >= 1);
                    System.out.printf("poison on %s -> dead letters %d; centering policy-decode-failures %d%n", Topics.POLICY,
                            dead.getOrDefault(Topics.POLICY, List.of()).size(), metrics.snapshot().policyDecodeFailures());

                    // ---- phase 2: a schema the registry refuses
                    int versionsBefore = stack.registry().versions(Subjects.value(Topics.PROMPTS)).size();
                    Map<TopicPartition, Long> endBefore = endOffsets(bootstrap, Topics.PROMPTS);
                    Schema incompatible = incompatiblePromptSchema();
                    GenericRecord bad = new GenericData.Record(incompatible); // its fields do not matter: refused before encoding
                    IncompatibleSchemaException refused;
                    try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(Map.<String, Object>of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), registering(stack.registry()))) {
                        refused = assertThrows(IncompatibleSchemaException.class,
                                () -> producer.send(new ProducerRecord<>(Topics.PROMPTS, "bad-schema", bad)).get());
                    }
                    System.out.println("refused schema: " + refused.getMessage());
                    assertTrue(refused.getMessage().contains(Subjects.value(Topics.PROMPTS)), refused.getMessage());
                    assertTrue(refused.getMessage().contains("priority"), refused.getMessage());
                    assertEquals(versionsBefore, stack.registry().versions(Subjects.value(Topics.PROMPTS)).size(), "subject versions");
                    assertEquals(endBefore, endOffsets(bootstrap, Topics.PROMPTS), "nothing was written to " + Topics.PROMPTS);

                    // ---- phase 3: the pipeline continues
                    fx.sendPrompts(prompts.subList(8, 12));
                    assertEquals(12, v.pollUntil(12, Duration.ofSeconds(120)), "groups of all 12 prompts");
                    await("the learner to publish version 3", Duration.ofSeconds(30), () -> learner.stats().currentVersion() >= 3);
                    v.settle(Duration.ofSeconds(1));

                    assertEquals(List.of(), v.duplicates());
                    Set<String> promptIds = v.groups.values().stream().map(g -> g.getPromptId().toString())
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(prompts.stream().map(p -> p.getPromptId().toString()).collect(Collectors.toCollection(TreeSet::new)),
                            promptIds, "one group per valid prompt");
                    v.groups.values().forEach(g -> assertEquals(K, g.getSamples().size(), "samples of " + g.getGroupId()));
                    v.assertAdvantagesArePure();

                    // versions 0..3, each once, consecutive, 4 groups each
                    List<PolicyVersion> versions = policyVersions(fx, stack);
                    assertEquals(List.of(0L, 1L, 2L, 3L), versions.stream().map(PolicyVersion::getVersion).toList());
                    for (PolicyVersion pv : versions) {
                        assertEquals(pv.getVersion() * BATCH_GROUPS, pv.getGroupsConsumed(), "groups consumed by version " + pv.getVersion());
                    }
                    // still running, nothing failed
                    assertTrue(learnerThread.isAlive(), "learner running");
                    assertTrue(scorer.isRunning(), "scorer running");
                    assertNull(scorer.failure());
                    assertEquals(KafkaStreams.State.RUNNING, centering.state());
                    assertEquals(12, generator.stats().groups());
                    assertEquals(1, generator.stats().deadLetters());
                    assertEquals(12 * K, scorer.scoredCount());
                    assertEquals(1, scorer.deadLetterCount());
                    assertEquals(1, metrics.snapshot().deadLettered());
                    System.out.printf("poison run: 12/12 groups once, versions %s, generator %s, learner %s, %d ms%n",
                            versions.stream().map(PolicyVersion::getVersion).toList(), generator.stats(), learner.stats(),
                            System.currentTimeMillis() - t0);
                }
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

    /** The Prompt schema plus a field without a default: cannot read the prompts already written (BACKWARD). */
    private static Schema incompatiblePromptSchema() {
        Schema p = Prompt.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : p.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), "added without a default", (Object) null));
        return Schema.createRecord(p.getName(), p.getDoc(), p.getNamespace(), false, fields);
    }

    /** A value serializer that registers the record's own schema under {@code <topic>-value} first, as any Confluent serializer does. */
    private static Serializer<GenericRecord> registering(dev.progrs.schemas.registry.SchemaRegistry registry) {
        return (topic, record) -> {
            int id = registry.register(Subjects.value(topic), record.getSchema());
            return java.nio.ByteBuffer.allocate(5).put((byte) 0).putInt(id).array(); // the body does not matter: refused before
        };
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (var c = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.endOffsets(c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList());
        }
    }

    private static List<PolicyVersion> policyVersions(GeneratorFixture fx, LocalStack stack) {
        var d = AvroSerde.of(PolicyVersion.class, stack.registry()).deserializer();
        List<PolicyVersion> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : fx.raw(Topics.POLICY)) {
            if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith("poison")) {
                continue;
            }
            out.add(d.deserialize(Topics.POLICY, r.value()));
        }
        return out;
    }
}
