package dev.progrs.cli.stream;

import dev.progrs.cli.options.GroupTimeoutOptions;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.options.CenteringOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs centering}: the centering stream (complete groups → PROGRS/GRPO advantages) until
 * Ctrl-C or {@code --run-for}. A thin shell: options become one settings map, validated by
 * {@link CenteringAppConfig#fromSettings}, whose errors name the option and the accepted values.
 */
@Command(name = "centering", mixinStandardHelpOptions = true,
        description = "Run the centering stream: buffer each prompt group of progrs.scored, centre the process scores "
                + "by outcome (docs/method.md §3), mix them into GRPO advantages (§4) and publish one GroupAdvantages per "
                + "group to progrs.advantages. Exactly-once by default.")
public final class CenteringCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--application-id", defaultValue = "progrs-centering", description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Mixin
    CenteringOptions centeringOptions;

    @Mixin
    GroupTimeoutOptions groupTimeout;

    @Option(names = "--max-staleness", defaultValue = "2", description = "Drop groups older than current policy version minus this (default: ${DEFAULT-VALUE}).")
    String maxStaleness;

    @Option(names = "--closed-retention", defaultValue = "5m", description = "Keep a closed group's marker this long to recognise late duplicates (default: ${DEFAULT-VALUE}).")
    String closedRetention;

    @Option(names = "--input-topic", defaultValue = "progrs.scored", description = "Scored trajectories (default: ${DEFAULT-VALUE}).")
    String inputTopic;

    @Option(names = "--output-topic", defaultValue = "progrs.advantages", description = "Group advantages (default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(names = "--state-dir", defaultValue = "progrs-data/streams", description = "RocksDB state directory (default: ${DEFAULT-VALUE}).")
    String stateDir;

    @Option(names = "--threads", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE}).")
    String threads;

    @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2", description = "exactly_once_v2 | at_least_once (default: ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--commit-interval", defaultValue = "100ms", description = "Transaction commit interval (default: ${DEFAULT-VALUE}).")
    String commitInterval;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE",
            description = "Extra Kafka Streams setting, repeatable, e.g. consumer.session.timeout.ms=6000.")
    Map<String, String> streamsConfig = new LinkedHashMap<>();

    @Option(names = "--metrics-every", defaultValue = "10", description = "Print the counters every N seconds; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    int metricsEverySeconds;

    @Option(names = "--run-for", defaultValue = "0", description = "Stop after N seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    int runForSeconds;

    /** @return the stream's own options (all but the centering maths) as the settings map its config record reads */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, applicationId);
        KafkaClientSettings client = kafka.settings();
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, client.bootstrapServers());
        // the cluster's client settings (SASL, TLS) reach every Streams client; --streams-config wins over them
        client.client().forEach((k, v) -> s.put(CenteringAppConfig.STREAMS_PREFIX + k, v));
        groupTimeout.putInto(s);
        s.put("max-staleness", maxStaleness);
        s.put("closed-retention", closedRetention);
        s.put("input-topic", inputTopic);
        s.put("output-topic", outputTopic);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, stateDir);
        s.put(CenteringAppConfig.THREADS_CONFIG, threads);
        s.put(CenteringAppConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        s.put(CenteringAppConfig.COMMIT_INTERVAL_CONFIG, commitInterval);
        streamsConfig.forEach((k, v) -> s.put(CenteringAppConfig.STREAMS_PREFIX + k, v));
        return s;
    }

    @Override
    public Integer call() throws Exception {
        CenteringConfig maths = centeringOptions.config(); // the maths first: its errors name the option a user typed
        CenteringAppConfig config = CenteringAppConfig.fromSettings(settings()).withCentering(maths);
        System.out.println("progrs centering: " + config.describe());
        CenteringMetrics metrics = new CenteringMetrics();
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await(40, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "progrs-centering-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = 0;
        try (RegistryConnection registry = RegistryConnection.open(kafka);
             CenteringApp app = CenteringApp.start(config, CenteringSerdes.avro(registry.registry()), metrics)) {
            long endAt = runForSeconds > 0 ? System.currentTimeMillis() + runForSeconds * 1000L : Long.MAX_VALUE;
            long step = metricsEverySeconds > 0 ? metricsEverySeconds * 1000L : 1000L;
            while (System.currentTimeMillis() < endAt) {
                if (stopRequested.await(Math.min(step, Math.max(1, endAt - System.currentTimeMillis())), TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (app.awaitStopped(java.time.Duration.ZERO)) {
                    System.err.println("progrs centering: the stream stopped in state " + app.state()
                            + (app.failure() == null ? "" : ": " + app.failure().getMessage()));
                    code = 1;
                    break;
                }
                if (metricsEverySeconds > 0) {
                    System.out.println(line(metrics.snapshot()));
                }
            }
        } finally {
            System.out.println(line(metrics.snapshot()));
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already running the hook; it is released by closed
            }
        }
        return code;
    }

    private static String line(CenteringMetrics.Snapshot s) {
        return s.asMap().entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String format(Number n) {
        return n instanceof Double d ? String.format(java.util.Locale.ROOT, "%.1f", d) : n.toString();
    }
}
