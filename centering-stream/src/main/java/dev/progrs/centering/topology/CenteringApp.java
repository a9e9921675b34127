package dev.progrs.centering.topology;

import dev.progrs.schemas.stagetime.StageClock;
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
 * Record-level problems never reach here (they go to the DLQ); an exception that does (registry
 * unreachable, broker trouble) replaces the stream thread, up to {@value #MAX_THREAD_REPLACEMENTS}
 * times, then shuts the client down so the command exits instead of looping.
 */
public final class CenteringApp implements AutoCloseable {

    /** Busy activity of {@link #stageTime()}: exactly-once transaction commits. */
    public static final String EOS_COMMIT = "exactly-once-commit";
    /** Waiting activity of {@link #stageTime()}: blocked on Kafka other than commits (polling for input). */
    public static final String INPUT_WAIT = "input-wait";

    /** Thread replacements tolerated before the client is shut down. */
    public static final int MAX_THREAD_REPLACEMENTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CenteringApp.class);

    private final CenteringAppConfig config;
    private final CenteringMetrics metrics;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger replacements = new AtomicInteger();

    private CenteringApp(CenteringAppConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.streams = new KafkaStreams(CenteringTopology.build(config.topology(), serdes, metrics), config.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            if (replacements.incrementAndGet() > MAX_THREAD_REPLACEMENTS) {
                LOG.error("centering stream failed {} times, shutting down", MAX_THREAD_REPLACEMENTS, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            LOG.warn("centering stream thread failed, replacing it: {}", e.toString());
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
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
     * from the Kafka Streams client metrics the exactly-once transaction commits ({@value #EOS_COMMIT},
     * busy: the producers' {@code txn-commit-time-ns-total} + {@code txn-send-offsets-time-ns-total}) and the
     * rest of the threads' {@code blocked-time-ns-total} ({@value #INPUT_WAIT}, waiting: mostly polling
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
        busy.put(EOS_COMMIT, commitNs / 1e9);
        Map<String, Double> waiting = new LinkedHashMap<>(s.waitingSeconds());
        waiting.put(INPUT_WAIT, Math.max(0, blockedNs - commitNs) / 1e9);
        return new StageClock.Snapshot(s.stage(), s.aliveSeconds(), busy, waiting);
    }

    private static double value(Metric m) {
        Object v = m.metricValue();
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
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
