package dev.progrs.centering.topology;

import dev.progrs.schemas.registry.SchemaRegistryException;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.stage.clock.StageClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running centering stream: the {@link CenteringTopology} in a {@link KafkaStreams} client.
 * Record-level problems never reach here (they go to the DLQ). What does:
 * <ul>
 *   <li>a schema registry that cannot answer ({@link SchemaRegistryUnavailableException}, after the
 *       registry client's own retries): the stream thread is replaced after a pause of
 *       {@value #REGISTRY_PAUSE_MS} ms, as often as it takes; its transaction was aborted, so the new
 *       thread reads the same records again and nothing is dead-lettered or lost;</li>
 *   <li>a registry that refuses the request ({@link SchemaRegistryException} from a 4xx reply: wrong
 *       URL, no access, an incompatible schema): the client shuts down at once, and
 *       {@link #failure()} names the URL and the status, since retrying gives the same answer;</li>
 *   <li>anything else (broker trouble, a bug): the thread is replaced, up to
 *       {@value #MAX_THREAD_REPLACEMENTS} times, then the client shuts down so the command exits
 *       instead of looping.</li>
 * </ul>
 */
public final class CenteringApp implements AutoCloseable {

    /** Thread replacements tolerated before the client is shut down (registry outages not counted). */
    public static final int MAX_THREAD_REPLACEMENTS = 5;
    /** Pause before a thread that failed on an unavailable registry is replaced. */
    public static final long REGISTRY_PAUSE_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(CenteringApp.class);

    private final CenteringAppConfig config;
    private final CenteringMetrics metrics;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger replacements = new AtomicInteger();
    private volatile Throwable failure;

    private CenteringApp(CenteringAppConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.streams = new KafkaStreams(CenteringTopology.build(config.topology(), serdes, metrics), config.streamsProperties());
        streams.setUncaughtExceptionHandler(this::onThreadFailure);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    private StreamThreadExceptionResponse onThreadFailure(Throwable e) {
        if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            metrics.countRegistryUnavailable();
            LOG.warn("centering stream thread failed because the schema registry is unavailable; its transaction is aborted"
                    + " and a new thread reads the same records again in {} ms: {}", REGISTRY_PAUSE_MS, rootMessage(e));
            try {
                Thread.sleep(REGISTRY_PAUSE_MS); // on the failed thread, before it is replaced
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        SchemaRegistryException refused = registryRefusal(e);
        if (refused != null) {
            failure = refused;
            LOG.error("centering stream stopped: the schema registry refused a request, which retrying cannot change: {}",
                    refused.getMessage());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (replacements.incrementAndGet() > MAX_THREAD_REPLACEMENTS) {
            failure = e;
            LOG.error("centering stream failed {} times, shutting down", MAX_THREAD_REPLACEMENTS, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("centering stream thread failed, replacing it: {}", e.toString());
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    private static SchemaRegistryException registryRefusal(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SchemaRegistryException r) {
                return r;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof SchemaRegistryException)) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Prepares the topics (store changelogs, a missing output topic; see {@link TopicPreparation}), then builds
     * and starts the stream.
     *
     * @param config  application, topology and maths configuration
     * @param serdes  wire codecs (usually {@link CenteringSerdes#avro})
     * @param metrics where to count; read it while the stream runs
     * @return the started app; close it to stop
     */
    public static CenteringApp start(CenteringAppConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        TopicPreparation.prepare(config, Duration.ofSeconds(60));
        CenteringApp app = new CenteringApp(config, serdes, metrics);
        LOG.info("starting centering stream: {}", config.describe());
        app.streams.start();
        metrics.clock().start();
        return app;
    }

    /** @return the configuration the stream runs with */
    public CenteringAppConfig config() {
        return config;
    }

    /** @return the live counters */
    public CenteringMetrics metrics() {
        return metrics;
    }

    /**
     * Where the stream's time goes: the processor's busy time ({@link CenteringMetrics#PROCESSING}), plus
     * from the Kafka Streams client metrics the exactly-once transaction commits ({@link CenteringActivity#EOS_COMMIT},
     * busy: the producers' {@code txn-commit-time-ns-total} + {@code txn-send-offsets-time-ns-total}) and the
     * rest of the threads' {@code blocked-time-ns-total} ({@link CenteringActivity#INPUT_WAIT}, waiting: mostly polling
     * for scored records). Summed over stream threads.
     */
    public StageClock.Snapshot stageTime() {
        double blockedNs = 0;
        double commitNs = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            String name = e.getKey().name();
            String group = e.getKey().group();
            if ("blocked-time-ns-total".equals(name) && "stream-thread-metrics".equals(group)) {
                blockedNs += value(e.getValue());
            } else if (("txn-commit-time-ns-total".equals(name) || "txn-send-offsets-time-ns-total".equals(name))
                    && "producer-metrics".equals(group)) {
                commitNs += value(e.getValue());
            }
        }
        StageClock.Snapshot s = metrics.clock().snapshot();
        Map<String, Double> busy = new LinkedHashMap<>(s.busySeconds());
        busy.put(CenteringActivity.EOS_COMMIT.id(), commitNs / 1e9);
        Map<String, Double> waiting = new LinkedHashMap<>(s.waitingSeconds());
        waiting.put(CenteringActivity.INPUT_WAIT.id(), Math.max(0, blockedNs - commitNs) / 1e9);
        return new StageClock.Snapshot(s.stage(), s.aliveSeconds(), busy, waiting);
    }

    private static double value(Metric m) {
        Object v = m.metricValue();
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    /**
     * @return what shut the stream down by itself (a registry's refusal, or the last of too many thread
     *         failures), or null while it runs or after a clean {@link #close()}
     */
    public Throwable failure() {
        return failure;
    }

    /** @return the Kafka Streams client state */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** @return true once the stream reached RUNNING within {@code timeout} */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State s = streams.state();
            if (s == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (s == KafkaStreams.State.ERROR || s == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Blocks until the stream stops by itself (error or shutdown) or {@code timeout} passes; true if it stopped. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the stream threads and closes the stores (commits the open transaction first). */
    @Override
    public void close() {
        metrics.clock().stop();
        streams.close(Duration.ofSeconds(30));
    }
}
