package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault "kill and restart a scorer and a centering instance mid-stream", both in the same
 * run: a scorer JVM and a centering JVM are SIGKILLed at the same moment while trajectories are still
 * arriving (open scorer transaction, half-buffered groups in the stream's store), then restarted
 * in-process as a supervisor would: the scorer with the same id (its transactional id fences the
 * dead one and aborts what it left open), the centering instance on a fresh state directory
 * (restored from the changelog). Every sample is scored exactly once (read_committed) and every group
 * reaches {@code progrs.advantages} exactly once.
 */
@Tag("slow")
class ScorerCenteringKillTest {

    private static final int GROUPS = 150;
    private static final int K = 4;
    private static final String APP_ID = "kill-centering";

    @TempDir
    Path dir;

    @Test
    void aKilledScorerAndAKilledCenteringInstanceRestartWithNothingLostOrDoubled() throws Exception {
        Path prmDir = ScorerFixtures.tinyPrm(dir.resolve("prm"), 5);
        File logs = Path.of("target").toFile();
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 3)) {
            String bootstrap = stack.bootstrapServers();
            List<List<Trajectory>> groups = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                groups.add(FaultHarness.group("kill", g, K));
            }
            File scorerLog = new File(logs, "kill-test-scorer.log");
            File centeringLog = new File(logs, "kill-test-centering.log");
            Process scorerJvm = FaultHarness.startJvm(scorerLog, ScorerProcess.class.getName(),
                    List.of(bootstrap, prmDir.toString(), "kill-scorer"));
            Process centeringJvm = FaultHarness.startJvm(centeringLog, "dev.progrs.cli.Main",
                    List.of("centering", "--bootstrap-servers", bootstrap, "--application-id", APP_ID,
                            "--state-dir", dir.resolve("state-1").toString(), "--metrics-every", "2",
                            "--streams-config", "consumer.session.timeout.ms=6000",
                            "--streams-config", "consumer.heartbeat.interval.ms=1000"));
            ScorerWorker scorer = null;
            CenteringMetrics metrics = new CenteringMetrics();
            // The producer paces the groups (first halves of all groups, then second halves) so the kill lands mid-stream.
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try (var out = FaultHarness.trajectoryProducer(bootstrap, stack.registry())) {
                    for (int half = 0; half < 2; half++) {
                        for (List<Trajectory> g : groups) {
                            for (Trajectory t : half == 0 ? g.subList(0, K / 2) : g.subList(K / 2, K)) {
                                out.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.TRAJECTORIES,
                                        t.getGroupId().toString(), t));
                            }
                            out.flush();
                            Thread.sleep(15);
                        }
                    }
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "paced-producer");
            try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, stack.registry())) {
                // both JVMs up (on a loaded 2-core machine a JVM with DJL and Kafka takes up to a minute or two)
                FaultHarness.awaitLine(scorerLog, "scorer kill-scorer started", Duration.ofSeconds(240), scorerJvm);
                FaultHarness.awaitLine(centeringLog, "groups-completed=", Duration.ofSeconds(240), centeringJvm);
                long t0 = System.currentTimeMillis();
                producer.start();
                int atKill = v.pollUntil(GROUPS / 5, Duration.ofSeconds(180));
                FaultHarness.kill(scorerJvm);
                FaultHarness.kill(centeringJvm);
                long tKill = System.currentTimeMillis();
                assertTrue(atKill >= GROUPS / 5, "groups visible before the kill: " + atKill);

                // the supervisor restarts both
                try (FrozenPrm prm = FrozenPrm.load(prmDir, ai.djl.Device.cpu());
                     CenteringApp centering = FaultHarness.startCentering(bootstrap, stack.registry(), APP_ID, dir.resolve("state-2"),
                             metrics)) {
                    scorer = FaultHarness.startScorer(bootstrap, stack.registry(), prm, "kill-scorer");
                    try {
                        int seen = v.pollUntil(GROUPS, Duration.ofSeconds(180));
                        producer.join(10_000);
                        v.settle(Duration.ofSeconds(2));
                        System.out.printf("kill/restart: %d groups visible at the kill (%d ms in), all %d/%d visible %d ms after the kill; "
                                        + "restarted scorer scored %d; restarted centering %s; duplicates %s%n",
                                atKill, tKill - t0, seen, GROUPS, System.currentTimeMillis() - tKill, scorer.scoredCount(),
                                metrics.snapshot().asMap(), v.duplicates());
                        assertNull(producerFailure.get());
                        assertEquals(GROUPS, v.counts.size(), "distinct groups in progrs.advantages");
                        assertEquals(List.of(), v.duplicates());
                        v.groups.values().forEach(g -> assertEquals(K, g.getSamples().size(), "samples of " + g.getGroupId()));
                        v.assertAdvantagesArePure();

                        // every sample scored exactly once as read_committed consumers see it
                        RecordDecoder<ScoredTrajectory> decoder = RecordDecoder.of(ScoredTrajectory.class, stack.registry());
                        Map<String, Integer> scoredOnce = new HashMap<>();
                        for (ConsumerRecord<byte[], byte[]> r : FaultHarness.readCommitted(bootstrap, Topics.SCORED)) {
                            Trajectory t = decoder.decode(r).getTrajectory();
                            scoredOnce.merge(t.getGroupId() + "/" + t.getSampleIndex(), 1, Integer::sum);
                        }
                        assertEquals(GROUPS * K, scoredOnce.size(), "distinct scored samples");
                        assertTrue(scoredOnce.values().stream().allMatch(c -> c == 1), "a sample scored twice");
                        assertTrue(scorer.scoredCount() > 0 && scorer.scoredCount() < GROUPS * K,
                                "the restarted scorer took over mid-stream: " + scorer.scoredCount());
                        assertTrue(scorer.isRunning());
                        assertNull(scorer.failure());
                        assertEquals(KafkaStreams.State.RUNNING, centering.state());
                    } finally {
                        scorer.close(); // before the PRM it scores with is closed (end of the resources block)
                    }
                }
            } finally {
                producer.join(20_000);
                FaultHarness.stop(scorerJvm, Duration.ofSeconds(5));
                FaultHarness.stop(centeringJvm, Duration.ofSeconds(5));
            }
        }
    }
}
