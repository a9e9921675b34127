package dev.progrs.it;

import static dev.progrs.it.GeneratorFixture.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.schemas.PoisonRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.wire.Prompt;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded decoding, in one run of the whole pipeline in one JVM with a small heap (the
 * {@code small-heap} surefire execution gives it {@code -Xmx384m}): the 13-byte record that declares a
 * 2,000,000,000-byte string ({@link PoisonRecords}) lands on prompts, trajectories, scored,
 * advantages and policy at once. Before bounded decoding it made every reader allocate 2 GB: an
 * {@code OutOfMemoryError} that escaped each worker's handler and ended its thread. Now each poison
 * is in {@code progrs.dlq} exactly once (the policy one, as every policy poison, is skipped and
 * counted by its readers), the monitor counts the two it reads, and every worker keeps going.
 */
@Tag("small-heap")
@Tag("slow")
class LengthPoisonTest {

    private static final int K = 4;
    private static final int BATCH_GROUPS = 4;
    private static final List<String> DEAD_LETTERED = List.of(Topics.PROMPTS, Topics.TRAJECTORIES, Topics.SCORED, Topics.ADVANTAGES);

    @TempDir
    Path dir;

    @Test
    void theThirteenBytePoisonOnEveryTopicIsDeadLetteredOnceAndStopsNothing() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        System.out.printf("max heap %d MiB%n", heap >> 20);
        assertTrue(heap < PoisonRecords.DECLARED_LENGTH, "the test must run with a heap smaller than the declared string ("
                + (heap >> 20) + " MiB now): it is run by the small-heap surefire execution");
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
            Thread learnerThread = new Thread(learner, "learner-length-poison");
            learnerThread.start();
            CenteringMetrics metrics = new CenteringMetrics();
            ScorerWorker scorer = null;
            GeneratorWorker generator = null;
            try (CenteringApp centering = FaultHarness.startCentering(bootstrap, stack.registry(), "length-poison-centering",
                    dir.resolve("state"), metrics);
                 MonitorService monitor = MonitorService.start(MonitorOptions.defaults(bootstrap).withPublishAlerts(false),
                         stack.registry(), MonitorConfig.defaults(), "127.0.0.1", MonitorService.NO_HTTP);
                 FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, stack.registry())) {
                scorer = FaultHarness.startScorer(bootstrap, stack.registry(), prm, "length-poison-scorer");
                generator = fx.worker(GeneratorFixture.config("length-poison-gen", K, 2).withMaxStaleness(10));
                Thread generatorThread = fx.start(generator);

                List<Prompt> prompts = GeneratorFixture.prompts("length-poison", 8);
                fx.sendPrompts(prompts.subList(0, 4));
                assertEquals(4, v.pollUntil(4, Duration.ofSeconds(120)), "groups before the poison");

                Map<String, byte[]> poison = new HashMap<>();
                for (String topic : PoisonRecords.VALUE_SCHEMAS.keySet()) {
                    byte[] bytes = PoisonRecords.forTopic(topic, stack.registry());
                    poison.put(topic, bytes);
                    fx.sendRaw(topic, ("length-poison-" + topic).getBytes(StandardCharsets.UTF_8), bytes);
                }
                fx.sendPrompts(prompts.subList(4, 8));
                assertEquals(8, v.pollUntil(8, Duration.ofSeconds(120)), "groups of all 8 prompts");
                await("the learner to publish version 2", Duration.ofSeconds(60), () -> learner.stats().currentVersion() >= 2);
                await("four dead letters", Duration.ofSeconds(30), () -> fx.raw(Topics.DLQ).size() >= 4);
                await("the centering stream to count the policy poison", Duration.ofSeconds(30),
                        () -> metrics.snapshot().policyDecodeFailures() >= 1);
                await("the monitor to count both poisons it reads", Duration.ofSeconds(30),
                        () -> decodeErrors(monitor, Topics.SCORED) >= 1 && decodeErrors(monitor, Topics.ADVANTAGES) >= 1);
                v.settle(Duration.ofSeconds(1));

                Map<String, List<ConsumerRecord<byte[], byte[]>>> dead = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : fx.raw(Topics.DLQ)) {
                    dead.computeIfAbsent(FaultHarness.header(r, "progrs.dlq.source.topic"), t -> new ArrayList<>()).add(r);
                }
                assertEquals(DEAD_LETTERED.stream().sorted().toList(), dead.keySet().stream().sorted().toList(), "topics in the DLQ");
                for (String topic : DEAD_LETTERED) {
                    List<ConsumerRecord<byte[], byte[]>> d = dead.get(topic);
                    assertEquals(1, d.size(), "dead letters from " + topic);
                    assertArrayEquals(poison.get(topic), d.get(0).value(), "original bytes from " + topic);
                    String reason = FaultHarness.header(d.get(0), "progrs.dlq.reason");
                    assertNotNull(reason, "reason on the dead letter from " + topic);
                    assertTrue(reason.contains("a string of 2000000000 bytes needs 2000000000 bytes but"), topic + ": " + reason);
                    System.out.printf("length poison on %s -> %s, stage %s, reason: %s%n", topic, Topics.DLQ,
                            FaultHarness.header(d.get(0), "progrs.dlq.stage"), reason);
                }

                assertEquals(List.of(), v.duplicates());
                v.assertAdvantagesArePure();
                assertTrue(learnerThread.isAlive(), "learner running");
                assertEquals(1, learner.stats().deadLettered());
                assertTrue(generatorThread.isAlive(), "generator running");
                assertEquals(1, generator.stats().deadLetters());
                assertEquals(8, generator.stats().groups());
                assertTrue(scorer.isRunning(), "scorer running");
                assertNull(scorer.failure());
                assertEquals(1, scorer.deadLetterCount());
                assertEquals(KafkaStreams.State.RUNNING, centering.state());
                assertEquals(1, metrics.snapshot().deadLettered());
                assertTrue(monitor.running(), "monitor running");
                assertTrue(monitor.failure().isEmpty(), () -> "monitor failed: " + monitor.failure().get());
                assertEquals(1.0, decodeErrors(monitor, Topics.SCORED));
                assertEquals(1.0, decodeErrors(monitor, Topics.ADVANTAGES));
                System.out.printf("length poison run at %d MiB heap: 8/8 groups once, generator %s, learner %s, monitor %d records%n",
                        heap >> 20, generator.stats(), learner.stats(), monitor.recordsProcessed());
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

    private static double decodeErrors(MonitorService monitor, String topic) {
        Counter c = monitor.metrics().registry().find("progrs.monitor.decode.errors").tag("topic", topic).counter();
        return c == null ? 0 : c.count();
    }
}
