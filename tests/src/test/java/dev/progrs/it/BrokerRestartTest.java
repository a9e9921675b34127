package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringTopologyConfig;
import dev.progrs.cli.embedded.EmbeddedKafka;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault "broker restart": a scorer and a centering instance run while the only broker is
 * shut down and started again on the same data directory and the same ports. Neither is restarted
 * by the test: both ride out the outage on their own clients' retries. The outage lasts longer than
 * the shipped group timeout, and a third of the groups have half their samples on each side of it:
 * the timeout runs on the input's clock, so they wait and complete. Every sample is accounted for:
 * every group reaches {@code progrs.advantages} exactly once (read_committed) with all K samples,
 * nothing is dead-lettered, late or timed out.
 */
@Tag("slow")
class BrokerRestartTest {

    private static final int GROUPS = 60;
    private static final int K = 4;

    @TempDir
    Path dir;

    @Test
    void scorerAndCenteringSurviveABrokerRestartWithNoGroupLostOrDoubled() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")));
        String bootstrap = kafka.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        int controllerPort = kafka.controllerPort();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, new TopicLayout(3, (short) 1, 1, Duration.ofDays(30)).specs(), (short) 1, Duration.ofSeconds(60));
        }
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap, EmbeddedSchemaRegistry.NO_HTTP);
        CenteringMetrics metrics = new CenteringMetrics();
        ScorerWorker scorer = null;
        CenteringApp centering = null;
        FrozenPrm prm = FaultHarness.tinyPrm(dir.resolve("prm"));
        try {
            List<Trajectory> before = new ArrayList<>();
            List<Trajectory> after = new ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                List<Trajectory> group = FaultHarness.group("restart", g, K);
                // the last third of the groups is split across the outage: half their samples before, half after
                for (int i = 0; i < K; i++) {
                    (g < 2 * GROUPS / 3 || i < K / 2 ? before : after).add(group.get(i));
                }
            }
            scorer = FaultHarness.startScorer(bootstrap, registry, prm, "restart-scorer");
            centering = FaultHarness.startCentering(bootstrap, registry, "restart-centering", dir.resolve("state"), metrics);
            long t0 = System.currentTimeMillis();
            FaultHarness.sendTrajectories(bootstrap, registry, before);
            int atStop;
            try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, registry)) {
                atStop = v.pollUntil(GROUPS / 3, Duration.ofSeconds(90));
            }
            assertTrue(atStop >= GROUPS / 3, "groups before the outage: " + atStop);

            long tStop = System.currentTimeMillis();
            kafka.close();
            // the scenario, not a wait for a condition: the broker stays down longer than the shipped group timeout
            Thread.sleep(CenteringTopologyConfig.DEFAULT_TIMEOUT.plusSeconds(5).toMillis());
            kafka = EmbeddedKafka.start(new EmbeddedKafkaConfig(dir.resolve("kafka"), port, controllerPort, Map.of()));
            long outageMs = System.currentTimeMillis() - tStop;
            assertTrue(outageMs > CenteringTopologyConfig.DEFAULT_TIMEOUT.toMillis(), "outage " + outageMs + " ms");
            assertEquals(bootstrap, kafka.bootstrapServers());

            FaultHarness.sendTrajectories(bootstrap, registry, after);
            try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(bootstrap, registry)) {
                int seen = v.pollUntil(GROUPS, Duration.ofSeconds(120));
                v.settle(Duration.ofSeconds(2));
                System.out.printf("broker restart: %d groups visible at the stop, outage %d ms, %d/%d groups after %d ms, "
                                + "scorer scored %d (aborted-and-retried batches are not counted), centering %s, duplicates %s%n",
                        atStop, outageMs, seen, GROUPS, System.currentTimeMillis() - t0, scorer.scoredCount(),
                        metrics.snapshot().asMap(), v.duplicates());
                assertEquals(GROUPS, v.counts.size(), "distinct groups in progrs.advantages");
                assertEquals(List.of(), v.duplicates());
                v.groups.values().forEach(g -> assertEquals(K, g.getSamples().size(), "samples of " + g.getGroupId()));
                v.assertAdvantagesArePure();
            }
            // the workers survived the outage on their own: still running, no failure
            assertTrue(scorer.isRunning(), "scorer still running");
            assertNull(scorer.failure());
            assertEquals(KafkaStreams.State.RUNNING, centering.state());
            assertEquals(GROUPS * K, scorer.scoredCount(), "trajectories scored and committed exactly once");
            CenteringMetrics.Snapshot m = metrics.snapshot();
            assertEquals(0, m.deadLettered());
            assertEquals(0, m.lateSamples());
            assertEquals(0, m.duplicateSamples());
            assertEquals(0, m.groupsTimedOutPartial() + m.groupsTimedOutDropped(), "groups timed out");
        } finally {
            if (scorer != null) {
                scorer.close();
            }
            if (centering != null) {
                centering.close();
            }
            prm.close(); // after the scorer: scoring with a closed PRM would dead-letter good records
            registry.close();
            kafka.close();
        }
    }
}
