package dev.progrs.cli.stream;

import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.http.HttpCredentials;
import dev.progrs.monitor.http.MonitorHttpServer;
import dev.progrs.stage.cluster.KafkaClientSettings;
import dev.progrs.monitor.history.HistoryTable;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.monitor.window.WindowKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs monitor}: reward-health windows, drift alerts, Prometheus metrics and a live
 * dashboard over progrs.scored and progrs.advantages. A thin shell: options become one settings
 * map, validated by {@link MonitorConfig#fromSettings}, whose errors name the key and the accepted values.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Watch reward health: consume progrs.scored and progrs.advantages (read_committed, own consumer "
                + "group), compute per-window signals (accuracy, process score by outcome, PRM bias on incorrect samples, "
                + "AUROC, coherence, zero-variance share, dominance violations, staleness, length, incorrect samples with "
                + "positive advantage; from the gold step checker: skip rate, rewarded samples with a wrong step, same-prompt "
                + "first-error AUROC, progress concordance), raise drift alerts (Page-Hinkley, two-window test) to progrs.drift, and serve "
                + "/metrics (Prometheus) and a live dashboard. With --once: print a table of the stored history and exit.")
public final class MonitorCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--once", description = "Read both topics from the beginning up to their current end, print the table of windows and alerts, exit.")
    boolean once;

    @Option(names = "--publish-alerts", arity = "0..1", paramLabel = "true|false",
            description = "Write alerts to the drift topic (default: true live, false with --once).")
    Boolean publishAlerts;

    @Option(names = "--group-id", defaultValue = MonitorOptions.DEFAULT_GROUP_ID, description = "Consumer group of the live monitor (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--scored-topic", defaultValue = "progrs.scored", description = "Scored trajectories (default: ${DEFAULT-VALUE}).")
    String scoredTopic;

    @Option(names = "--advantages-topic", defaultValue = "progrs.advantages", description = "Group advantages (default: ${DEFAULT-VALUE}).")
    String advantagesTopic;

    @Option(names = "--drift-topic", defaultValue = "progrs.drift", description = "Where alerts go (default: ${DEFAULT-VALUE}).")
    String driftTopic;

    @Option(names = "--window", defaultValue = "count", description = "count | time: tumbling windows by number of groups or by event time (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--window-groups", defaultValue = "32", description = "Groups per count window (default: ${DEFAULT-VALUE}).")
    String windowGroups;

    @Option(names = "--window-ms", defaultValue = "60000", description = "Length of a time window in ms (default: ${DEFAULT-VALUE}).")
    String windowMs;

    @Option(names = "--lateness-ms", defaultValue = "10000", description = "Allowed lateness of a group for its time window (default: ${DEFAULT-VALUE}).")
    String latenessMs;

    @Option(names = "--suite", description = "Built-in suite edition whose prompts the gold step checker parses: v0, v1 or v2 (default: v2, the default suite).")
    String suiteEdition;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with monitor keys (window.*, join.*, history.windows, gold-check.suite, drift.*); flags and --set override it.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any monitor setting, e.g. --set drift.page-hinkley.lambda=8 --set drift.signals=accuracy,prm_bias_incorrect "
            + "--set drift.direction.process_score_incorrect=up (which shifts alert: up, down or both).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Interface of the dashboard and /metrics (default: "
            + "${DEFAULT-VALUE}); beyond loopback (e.g. 0.0.0.0) the monitor warns, and --http-user should guard it.")
    String httpHost;

    @Option(names = "--http-user", paramLabel = "USER", description = "Ask for HTTP basic auth as USER on every path (dashboard, "
            + "/api/series, /metrics); Prometheus scrapes with basic_auth.")
    String httpUser;

    @Option(names = "--http-password", paramLabel = "PASSWORD", description = "Its password (default: the environment variable "
            + HttpCredentials.PASSWORD_ENV + ", which keeps it out of the process list).")
    String httpPassword;

    @Option(names = "--http-port", defaultValue = "9464", description = "Port of the dashboard and /metrics; 0 = any free port, -1 = none (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--status-every", defaultValue = "10", description = "Print a status line every N seconds; 0 = never (default: ${DEFAULT-VALUE}).")
    int statusEverySeconds;

    @Option(names = "--run-for", defaultValue = "0", description = "Stop after N seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    int runForSeconds;

    /** @return the settings map: config file, then flags, then --set */
    Map<String, String> settings() throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        if (configFile != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(configFile)) {
                p.load(in);
            }
            p.forEach((k, v) -> s.put(k.toString(), v.toString()));
        }
        s.put(WindowKind.CONFIG, window);
        s.put(MonitorConfig.WINDOW_GROUPS, windowGroups);
        s.put(MonitorConfig.WINDOW_MS, windowMs);
        s.put(MonitorConfig.LATENESS_MS, latenessMs);
        if (suiteEdition != null) {
            s.put(MonitorConfig.GOLD_CHECK_SUITE, suiteEdition);
        }
        s.putAll(overrides);
        return s;
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings client = kafka.settings();
        MonitorConfig config = MonitorConfig.fromSettings(settings());
        Optional<HttpCredentials> credentials = credentials();
        boolean publish = publishAlerts != null ? publishAlerts : !once;
        MonitorOptions options = new MonitorOptions(client.bootstrapServers(), groupId, scoredTopic, advantagesTopic, driftTopic,
                publish, client.client());
        if (!once && httpPort != MonitorService.NO_HTTP) {
            MonitorHttpServer.exposureWarning(httpHost, credentials.isPresent())
                    .ifPresent(w -> System.err.println("progrs monitor: warning: " + w));
        }
        System.out.println("progrs monitor: " + config.describe() + "; alerts " + (publish ? "to " + driftTopic : "not published"));
        try (RegistryConnection registry = RegistryConnection.open(kafka)) {
            if (once) {
                MonitorService.OnceResult r = MonitorService.once(options, registry.registry(), config);
                System.out.print(HistoryTable.render(r.history().windows(), r.history().alerts()));
                System.out.println(r.records() + " records read; " + r.unjoinedSamples() + " scored samples without a group; "
                        + r.lateGroups() + " late groups");
                return 0;
            }
            return live(options, registry, config, credentials);
        }
    }

    private Optional<HttpCredentials> credentials() {
        if (httpUser == null) {
            if (httpPassword != null) {
                throw new IllegalArgumentException("--http-password without --http-user; give both");
            }
            return Optional.empty();
        }
        return Optional.of(new HttpCredentials(httpUser, httpPassword != null ? httpPassword : System.getenv(HttpCredentials.PASSWORD_ENV)));
    }

    private int live(MonitorOptions options, RegistryConnection registry, MonitorConfig config, Optional<HttpCredentials> credentials)
            throws InterruptedException {
        int code = 0;
        try (ShutdownSignal stopRequested = ShutdownSignal.install("progrs-monitor", java.time.Duration.ofSeconds(40));
             MonitorService service = MonitorService.start(options, registry.registry(), config, httpHost, httpPort, credentials)) {
            service.url().ifPresent(u -> System.out.println("dashboard: " + u + "/   metrics: " + u + "/metrics"));
            long endAt = runForSeconds > 0 ? System.currentTimeMillis() + runForSeconds * 1000L : Long.MAX_VALUE;
            long step = statusEverySeconds > 0 ? statusEverySeconds * 1000L : 1000L;
            while (System.currentTimeMillis() < endAt) {
                if (stopRequested.await(java.time.Duration.ofMillis(Math.min(step, Math.max(1, endAt - System.currentTimeMillis()))))) {
                    break;
                }
                if (!service.running()) {
                    System.err.println("progrs monitor: the consumer loop stopped: "
                            + service.failure().map(Throwable::toString).orElse("no error"));
                    code = 1;
                    break;
                }
                if (statusEverySeconds > 0) {
                    System.out.println("records=" + service.recordsProcessed() + " windows=" + service.history().windowsSeen()
                            + " alerts=" + service.history().alerts().size());
                }
            }
        }
        return code;
    }
}
