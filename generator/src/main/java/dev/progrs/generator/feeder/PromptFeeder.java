package dev.progrs.generator.feeder;

import dev.progrs.generator.policy.PolicyFollower;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.tasks.Problem;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes prompts from a {@link PromptSource} to {@code progrs.prompts} (key: prompt id), paced by
 * {@link AdmissionControl} against the current policy version read from {@code progrs.policy}:
 * it publishes while {@code published < (max_staleness + v + 1)·batch} and otherwise waits for the
 * next version. Each admitted chunk is flushed (acks=all, idempotent) before it counts as published.
 * {@link #run()} returns when {@code count} prompts were published, the source is exhausted or
 * {@link #shutdown()} is called.
 */
public final class PromptFeeder implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptFeeder.class);

    private final FeederConfig config;
    private final PromptSource source;
    private final KafkaProducer<String, Prompt> producer;
    private final PolicyFollower follower;
    private final Properties clientProperties;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishedThisRun = new AtomicLong();
    private final StageClock clock = new StageClock("feeder");
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile long currentVersion = -1;
    private boolean closed;

    public PromptFeeder(FeederConfig config, Properties clientProperties, SchemaRegistry registry, PromptSource source) {
        this.config = config;
        this.source = source;
        this.clientProperties = clientProperties;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(Prompt.class, registry).serializer());
        try {
            this.follower = new PolicyFollower(clientProperties, config.policyTopic(), registry, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the feeder has already run");
        }
        try {
            if (config.countExisting()) {
                published.set(existingPrompts());
            }
            LOG.info("feeder: {} prompts already in {}; pacing {}", published.get(), config.promptsTopic(), config.admission());
            AdmissionControl admission = config.admission();
            clock.start();
            while (!stopping && (config.count() < 0 || publishedThisRun.get() < config.count())) {
                long lap = clock.now();
                long capacity = admission.capacity(currentVersion, published.get());
                Optional<PolicyVersion> v = follower.poll(capacity > 0 ? Duration.ZERO : config.pollInterval());
                currentVersion = v.map(PolicyVersion::getVersion).orElse(-1L);
                capacity = admission.capacity(currentVersion, published.get());
                if (capacity == 0) {
                    clock.lap(FeederActivity.ADMISSION_WAIT, lap);
                    continue;
                }
                long n = config.count() < 0 ? capacity : Math.min(capacity, config.count() - publishedThisRun.get());
                lap = clock.now();
                long sent = publish(n);
                clock.lap(FeederActivity.PUBLISHING, lap);
                if (sent < n) {
                    LOG.info("feeder: source exhausted after {} prompts", publishedThisRun.get());
                    break;
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } finally {
            clock.stop();
            closeClients();
            finished.countDown();
        }
    }

    private long publish(long n) {
        long sent = 0;
        long now = System.currentTimeMillis();
        for (; sent < n; sent++) {
            Optional<Problem> next = source.next();
            if (next.isEmpty()) {
                break;
            }
            Problem p = next.get();
            Prompt prompt = PromptRecords.of(p, now);
            producer.send(new ProducerRecord<>(config.promptsTopic(), p.id(), prompt));
        }
        producer.flush();
        published.addAndGet(sent);
        publishedThisRun.addAndGet(sent);
        return sent;
    }

    /** Records currently in the prompts topic: Σ over partitions of (end offset − beginning offset). */
    private long existingPrompts() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(config.promptsTopic(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long total = 0;
            for (TopicPartition tp : parts) {
                total += end.get(tp) - begin.get(tp);
            }
            return total;
        }
    }

    /** Prompts counted as published (including existing ones when counted). */
    public long published() {
        return published.get();
    }

    /** Prompts this run published. */
    public long publishedThisRun() {
        return publishedThisRun.get();
    }

    /** Where the feeder's time goes ({@link FeederActivity} names the activities); any thread. */
    public StageClock clock() {
        return clock;
    }

    /** Policy version the pacing currently uses, -1 before one is seen. */
    public long currentVersion() {
        return currentVersion;
    }

    /** Makes {@link #run()} return soon; any thread. */
    public void shutdown() {
        stopping = true;
        follower.wakeup();
    }

    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        shutdown();
        if (started.get()) {
            try {
                awaitTermination(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeClients();
        }
    }

    private synchronized void closeClients() {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(Duration.ofSeconds(10));
        follower.close();
        LOG.info("feeder stopped: {} prompts published this run, {} counted, policy version {}", publishedThisRun.get(),
                published.get(), currentVersion);
    }
}
