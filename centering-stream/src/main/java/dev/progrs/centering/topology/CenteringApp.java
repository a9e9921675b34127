package dev.progrs.centering.topology;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
        streams.close(Duration.ofSeconds(30));
    }
}
