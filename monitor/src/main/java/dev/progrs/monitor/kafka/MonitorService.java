package dev.progrs.monitor.kafka;

import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.engine.MonitorEngine;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.http.HttpCredentials;
import dev.progrs.monitor.http.MonitorHttpServer;
import dev.progrs.monitor.lag.MonitorLag;
import dev.progrs.monitor.metrics.MonitorMetrics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.stage.clock.StageClock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor as one component: the live Kafka loop on its own thread, the history, the
 * Prometheus meters and (optionally) the HTTP server with {@code /metrics} and the dashboard.
 * {@code progrs monitor} and {@code progrs run} start it; {@link #close()} stops everything and
 * leaves no thread running. {@link #once} is the bounded read behind {@code progrs monitor --once}.
 */
public final class MonitorService implements AutoCloseable {
    /** Pass as the HTTP port to serve nothing. */
    public static final int NO_HTTP = -1;
    private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);

    private final MonitorRunner runner;
    private final MonitorHistory history;
    private final MonitorMetrics metrics;
    private final MonitorHttpServer http;
    private final Thread loop;
    private volatile Throwable failure;

    private MonitorService(MonitorRunner runner, MonitorHistory history, MonitorMetrics metrics, MonitorHttpServer http) {
        this.runner = runner;
        this.history = history;
        this.metrics = metrics;
        this.http = http;
        this.loop = new Thread(this::runLoop, "progrs-monitor");
    }

    /**
     * Starts the live monitor.
     *
     * @param httpHost interface of the HTTP server (e.g. 127.0.0.1)
     * @param httpPort its port; 0 = any free port; {@link #NO_HTTP} = no HTTP server
     */
    public static MonitorService start(MonitorOptions options, SchemaRegistry registry, MonitorConfig config,
                                       String httpHost, int httpPort) {
        return start(options, registry, config, httpHost, httpPort, Optional.empty());
    }

    /**
     * Starts the live monitor, its HTTP side asking for {@code credentials} when given.
     *
     * @param httpHost interface of the HTTP server (e.g. 127.0.0.1; beyond loopback it warns)
     * @param httpPort its port; 0 = any free port; {@link #NO_HTTP} = no HTTP server
     */
    public static MonitorService start(MonitorOptions options, SchemaRegistry registry, MonitorConfig config,
                                       String httpHost, int httpPort, Optional<HttpCredentials> credentials) {
        MonitorHistory history = new MonitorHistory(config.historyWindows());
        MonitorMetrics metrics = new MonitorMetrics();
        MonitorHttpServer http = null;
        MonitorRunner runner = null;
        try {
            http = httpPort == NO_HTTP ? null : MonitorHttpServer.start(httpHost, httpPort, credentials, history, metrics);
            runner = new MonitorRunner(options, registry, new MonitorEngine(config, System::currentTimeMillis), history, metrics);
            MonitorService s = new MonitorService(runner, history, metrics, http);
            s.loop.start();
            return s;
        } catch (RuntimeException e) {
            if (runner != null) {
                runner.close();
            }
            if (http != null) {
                http.close();
            }
            metrics.close();
            throw e;
        }
    }

    /** What a bounded read found. */
    public record OnceResult(MonitorHistory history, long records, long alerts, long unjoinedSamples, long lateGroups) {
    }

    /** Reads the stored history of both topics up to their current end and returns it (blocking). */
    public static OnceResult once(MonitorOptions options, SchemaRegistry registry, MonitorConfig config) {
        MonitorHistory history = new MonitorHistory(config.historyWindows());
        MonitorEngine engine = new MonitorEngine(config, System::currentTimeMillis);
        try (MonitorMetrics metrics = new MonitorMetrics();
             MonitorRunner runner = new MonitorRunner(options, registry, engine, history, metrics)) {
            long records = runner.runOnce();
            return new OnceResult(history, records, runner.alertsRaised(), engine.join().unjoinedSamples(), engine.lateGroups());
        }
    }

    private void runLoop() {
        try {
            runner.runLive();
        } catch (Throwable t) {
            failure = t;
            LOG.error("monitor loop stopped: {}", t.toString(), t);
        }
    }

    /** @return the dashboard's base URL, when serving HTTP */
    public Optional<String> url() {
        return Optional.ofNullable(http).map(MonitorHttpServer::url);
    }

    public MonitorHistory history() {
        return history;
    }

    public MonitorMetrics metrics() {
        return metrics;
    }

    /** @return how far behind the live stream the loop processes records */
    public MonitorLag.Snapshot lag() {
        return metrics.lag().snapshot();
    }

    /** @return where the live loop's time goes */
    public StageClock.Snapshot stageTime() {
        return runner.clock().snapshot();
    }

    /** @return records processed so far */
    public long recordsProcessed() {
        return runner.recordsProcessed();
    }

    /** @return the error that ended the loop, if it ended by one */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** @return true while the consumer loop runs */
    public boolean running() {
        return loop.isAlive();
    }

    @Override
    public void close() {
        runner.stop();
        try {
            loop.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive()) {
            LOG.warn("monitor loop did not stop within 30 s");
        }
        runner.close();
        if (http != null) {
            http.close();
        }
        metrics.close();
    }
}
