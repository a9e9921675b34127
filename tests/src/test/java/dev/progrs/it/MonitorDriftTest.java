package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.Main;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.synthetic.SyntheticRewardStream;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The monitor against the real embedded broker: synthetic ScoredTrajectory and
 * GroupAdvantages records (PRM biased on incorrect samples from the middle on) go through the Avro
 * serde into progrs.scored / progrs.advantages; the live monitor publishes a DriftReport on the
 * bias signal to progrs.drift and serves it on /metrics; {@code progrs monitor --once} prints the table.
 */
@Tag("slow")
class MonitorDriftTest {
    private static final int WINDOWS = 60;
    private static final int CHANGE_WINDOW = 30;

    @TempDir
    Path dir;

    @Test
    void biasedPrmOnIncorrectSamplesRaisesADriftReportOnProgrsDrift() throws Exception {
        // One partition per topic: live count windows follow join order, and a group joins when the later of its
        // two halves arrives; with each topic read in production order, join order is then generation order
        // whatever the interleaving of the two topics (with several partitions, fetch batches of different
        // partitions reorder groups across the change point, and the window of the alert depends on timing).
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 1)) {
            String bootstrap = stack.bootstrapServers();
            MonitorConfig config = MonitorConfig.defaults();
            try (MonitorService monitor = MonitorService.start(MonitorOptions.defaults(bootstrap), stack.registry(), config,
                    "127.0.0.1", 0)) {
                produce(stack, config.groupsPerWindow());
                DriftReport alert = awaitDrift(bootstrap, stack, WindowMetrics.PRM_BIAS_INCORRECT, Duration.ofSeconds(90));
                System.out.println("[monitor IT] " + alert.getMessage());
                assertEquals("count", alert.getWindowKind());
                assertEquals("up", alert.getDirection());
                assertTrue(alert.getWindowIndex() >= CHANGE_WINDOW && alert.getWindowIndex() <= CHANGE_WINDOW + 6,
                        "alert within 6 windows of the change: " + alert.getWindowIndex());
                assertTrue(alert.getMessage().toString().contains(WindowMetrics.PRM_BIAS_INCORRECT));
                assertTrue(alert.getShift() > 0.04, "shift " + alert.getShift());
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(monitor.url().orElseThrow() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("progrs_monitor_signal{signal=\"prm_bias_incorrect\"}"), metrics);
                assertTrue(metrics.contains("progrs_monitor_alerts_total{detector="), metrics);
                assertTrue(metrics.contains("progrs_monitor_records_total{topic=\"progrs.scored\"}"), metrics);
            }
            Run once = run("monitor", "--once", "--bootstrap-servers", bootstrap);
            assertEquals(0, once.code(), once.out());
            String table = once.out();
            assertTrue(table.contains(WindowMetrics.PRM_BIAS_INCORRECT) && table.contains("ALERT drift on prm_bias_incorrect"), table);
            assertTrue(table.contains(WINDOWS + " windows"), table);
            // the live command: serves the dashboard, reports progress, stops after --run-for
            Run live = run("monitor", "--bootstrap-servers", bootstrap, "--http-port", "0", "--run-for", "4",
                    "--status-every", "1", "--group-id", "monitor-it-live", "--publish-alerts", "false");
            assertEquals(0, live.code(), live.out());
            assertTrue(live.out().contains("dashboard: http://127.0.0.1:") && live.out().contains("records="), live.out());
            // a bad setting is refused before anything connects, naming the key and the accepted values
            Run bad = run("monitor", "--once", "--bootstrap-servers", bootstrap, "--set", "drift.page-hinkley.lambda=-1");
            assertTrue(bad.code() != 0, bad.out());
        }
    }

    private static void produce(LocalStack stack, int groupsPerWindow) throws Exception {
        var stream = new SyntheticRewardStream(5, 8, (long) CHANGE_WINDOW * groupsPerWindow, 0.08, System.currentTimeMillis(), 10);
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        try (var scored = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer());
             var advantages = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(GroupAdvantages.class, stack.registry()).serializer())) {
            for (long g = 0; g < (long) WINDOWS * groupsPerWindow; g++) {
                SyntheticGroup group = stream.next();
                String key = group.advantages().getGroupId().toString();
                for (ScoredTrajectory s : group.scored()) {
                    scored.send(new ProducerRecord<>(Topics.SCORED, key, s));
                }
                advantages.send(new ProducerRecord<>(Topics.ADVANTAGES, key, group.advantages()));
            }
            scored.flush();
            advantages.flush();
        }
    }

    private static DriftReport awaitDrift(String bootstrap, LocalStack stack, String signal, Duration timeout) {
        List<DriftReport> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "monitor-it", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), AvroSerde.of(DriftReport.class, stack.registry()).deserializer())) {
            consumer.subscribe(List.of(Topics.DRIFT));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals(r.value().getSignal().toString(), r.key(), "key = signal");
                    seen.add(r.value());
                    if (r.key().equals(signal)) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no DriftReport on " + signal + " within " + timeout + "; saw " + seen);
    }

    private record Run(int code, String out) {
    }

    /** Runs a {@code progrs} command line in-process, capturing stdout and stderr. */
    private static Run run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            code = Main.commandLine().execute(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.println("$ progrs " + String.join(" ", args) + " -> " + code + "\n"
                + text.lines().limit(4).reduce("", (a, b) -> a + b + "\n") + "...");
        return new Run(code, text);
    }
}
