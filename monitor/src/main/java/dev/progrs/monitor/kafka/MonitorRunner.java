package dev.progrs.monitor.kafka;

import dev.progrs.monitor.engine.MonitorEngine;
import dev.progrs.monitor.engine.Observations;
import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.gold.GoldSampleChecker;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import dev.progrs.monitor.window.GroupObservation;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.stage.lifecycle.StageLifecycle;
import dev.progrs.stage.lifecycle.StageState;
import org.apache.kafka.common.errors.SerializationException;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka shell around {@link MonitorEngine}: consumes progrs.scored and progrs.advantages as a
 * {@code read_committed} consumer (it only reads, in its own group, so the pipeline never notices
 * it), feeds the engine, keeps the history and the Prometheus meters up to date and publishes each
 * alert as a {@code DriftReport} on progrs.drift (key: the signal), with one log line per alert.
 *
 * <ul>
 *   <li>{@link #runLive()}: subscribes with the monitor's consumer group until {@link #stop()};</li>
 *   <li>{@link #runOnce()}: reads both topics from the beginning up to the end offsets taken at the
 *       start (no consumer group, nothing committed), flushes the open windows and returns.</li>
 * </ul>
 * Undecodable records are logged and counted ({@code progrs_monitor_decode_errors_total}), never fatal.
 * A schema registry that cannot answer is not the records' fault: the record and those after it
 * are read again after a pause, as long as the outage lasts, and alerts wait to be published.
 * A runner runs once, live or bounded ({@link StageLifecycle}); one thread runs the loop;
 * {@link #stop()} may be called from any thread.
 */
public final class MonitorRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorRunner.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long ONCE_STALL_MS = 30_000;
    /** Pause before records are read again after the registry could not answer (its client has retried already). */
    private static final long REGISTRY_BACKOFF_MS = 1_000;
    /** Drift alerts kept while the registry cannot encode them. */
    static final int MAX_UNPUBLISHED_ALERTS = 1_000;

    private final MonitorOptions options;
    private final MonitorEngine engine;
    private final MonitorHistory history;
    private final MonitorMetrics metrics;
    private final GoldSampleChecker goldCheck;
    private final RecordDecoder<ScoredTrajectory> scoredDecoder;
    private final RecordDecoder<GroupAdvantages> advantagesDecoder;
    private final KafkaProducer<String, DriftReport> producer;
    private final StageLifecycle lifecycle = new StageLifecycle("monitor");
    private final StageClock clock = new StageClock("monitor");
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Per partition, the largest event time decoded so far (only during {@link #runOnce()}). */
    private Map<TopicPartition, Long> watermarks;
    private long recordsProcessed;
    private long alertsRaised;
    private volatile long registryWaits;
    private final Deque<DriftReport> unpublished = new ArrayDeque<>();
    /** Whether records are live (lag is measured) rather than stored history. */
    private boolean live;

    /**
     * @param options  topics, group, whether alerts are published
     * @param registry the schema registry the records were written with
     * @param engine   the monitor maths, fresh
     * @param history  where closed windows go
     * @param metrics  the Prometheus meters
     */
    public MonitorRunner(MonitorOptions options, SchemaRegistry registry, MonitorEngine engine, MonitorHistory history,
                         MonitorMetrics metrics) {
        this.options = options;
        this.engine = engine;
        this.history = history;
        this.metrics = metrics;
        this.goldCheck = GoldSampleChecker.forSuite(engine.config().goldCheckSuite());
        this.scoredDecoder = RecordDecoder.of(ScoredTrajectory.class, registry);
        this.advantagesDecoder = RecordDecoder.of(GroupAdvantages.class, registry);
        if (options.publishAlerts()) {
            Map<String, Object> p = new HashMap<>(options.clientOverrides());
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, options.groupId() + "-drift");
            this.producer = new KafkaProducer<>(p, new StringSerializer(),
                    AvroSerde.of(DriftReport.class, registry).serializer());
        } else {
            this.producer = null;
        }
    }

    /**
     * Consumes in the monitor's group until {@link #stop()}; returns the records processed.
     *
     * @throws IllegalStateException if this runner ran already or was stopped before
     */
    public long runLive() {
        lifecycle.run(() -> {
            Map<String, Object> c = consumerConfig();
            c.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
            try (KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = kc;
                kc.subscribe(List.of(options.scoredTopic(), options.advantagesTopic()));
                LOG.info("monitor consuming {} and {} in group {} ({})", options.scoredTopic(), options.advantagesTopic(),
                        options.groupId(), engine.config().describe());
                live = true;
                clock.start();
                while (lifecycle.isRunning()) {
                    try {
                        long lap = clock.now();
                        ConsumerRecords<byte[], byte[]> records = kc.poll(POLL);
                        lap = clock.lap(MonitorActivity.INPUT_WAIT, lap);
                        sampleOffsetLag(kc, records.count());
                        process(records);
                        clock.lap(MonitorActivity.PROCESSING, lap);
                    } catch (WakeupException e) {
                        if (!lifecycle.isStopRequested()) {
                            throw e;
                        }
                    }
                }
            }
        }, end -> {
            clock.stop();
            consumer = null;
        });
        return recordsProcessed;
    }

    /**
     * Reads both topics from the beginning up to their end offsets at the start, closes every open
     * window and returns the records processed.
     */
    public long runOnce() {
        lifecycle.run(this::readToEnd, end -> consumer = null);
        return recordsProcessed;
    }

    private void readToEnd() {
        Map<String, Object> c = consumerConfig();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = kc;
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(options.scoredTopic(), options.advantagesTopic())) {
                List<PartitionInfo> infos = kc.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist on " + options.bootstrapServers()
                            + "; create the topics first (progrs topics) or point --bootstrap-servers at the pipeline's cluster");
                }
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kc.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            LOG.info("monitor reading {} partitions of {} and {} up to their end offsets ({} offsets)", partitions.size(),
                    options.scoredTopic(), options.advantagesTopic(), total);
            // window the stored history in event-time order: hold joined groups until every partition
            // still being read has reached their event time
            engine.holdForWatermark();
            watermarks = new HashMap<>();
            long lastProgress = System.currentTimeMillis();
            while (lifecycle.isRunning() && !reachedEnd(kc, end)) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = kc.poll(POLL);
                } catch (WakeupException e) {
                    break;
                }
                if (!records.isEmpty()) {
                    lastProgress = System.currentTimeMillis();
                    process(records);
                    for (WindowResult w : engine.advanceWatermark(watermark(kc, end))) {
                        onWindow(w);
                    }
                } else if (System.currentTimeMillis() - lastProgress > ONCE_STALL_MS) {
                    LOG.warn("monitor --once: no progress for {} ms before the end offsets {}; stopping with what was read",
                            ONCE_STALL_MS, end);
                    break;
                }
            }
            for (WindowResult r : engine.flush()) {
                onWindow(r);
            }
            updateJoinGauges();
        }
    }

    /** Asks the loop to end; safe from any thread. */
    public void stop() {
        lifecycle.requestStop();
        KafkaConsumer<byte[], byte[]> kc = consumer;
        if (kc != null) {
            kc.wakeup();
        }
    }

    /** @return where this runner is in its life */
    public StageState state() {
        return lifecycle.state();
    }

    /** @return records processed so far */
    public long recordsProcessed() {
        return recordsProcessed;
    }

    /** @return where the live loop's time goes ({@link MonitorActivity} names the activities); any thread */
    public StageClock clock() {
        return clock;
    }

    /** @return pauses taken because the schema registry could not answer (the records were read again, none skipped) */
    public long registryWaits() {
        return registryWaits;
    }

    /** @return alerts raised so far */
    public long alertsRaised() {
        return alertsRaised;
    }

    /** @return the engine (for its counters) */
    public MonitorEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        stop();
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>(options.clientOverrides());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, options.groupId() + "-" + Long.toHexString(System.nanoTime()));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return c;
    }

    /** Records not processed at this poll: the ones it returned plus the rest up to each partition's last stable offset. */
    private void sampleOffsetLag(KafkaConsumer<byte[], byte[]> kc, int returned) {
        long behind = returned;
        boolean known = false;
        for (TopicPartition tp : kc.assignment()) {
            OptionalLong lag = kc.currentLag(tp);
            if (lag.isPresent()) {
                behind += lag.getAsLong();
                known = true;
            }
        }
        if (known) {
            metrics.onOffsetLag(behind);
        }
    }

    /** Smallest event time reached on the partitions not yet read to their end (MAX when all are). */
    private long watermark(KafkaConsumer<byte[], byte[]> kc, Map<TopicPartition, Long> end) {
        long wm = Long.MAX_VALUE;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (kc.position(e.getKey()) < e.getValue()) {
                wm = Math.min(wm, watermarks.getOrDefault(e.getKey(), Long.MIN_VALUE));
            }
        }
        return wm;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> kc, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (kc.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        int scored = 0;
        int advantages = 0;
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!rewind.isEmpty()) {
                rewind.putIfAbsent(tp, r.offset()); // after a registry failure: read again, in order
                continue;
            }
            boolean isScored = r.topic().equals(options.scoredTopic());
            SampleObservation sample = null;
            GroupObservation group = null;
            try {
                if (isScored) {
                    sample = Observations.of(scoredDecoder.decode(r), goldCheck);
                } else {
                    group = Observations.of(advantagesDecoder.decode(r));
                }
            } catch (SchemaRegistryUnavailableException e) {
                // not the record's fault: it and everything after it are read again once the registry answers
                registryWaits++;
                LOG.warn("monitor: {}-{}@{} not read yet, the schema registry is unavailable; retrying in {} ms: {}", r.topic(),
                        r.partition(), r.offset(), REGISTRY_BACKOFF_MS, e.getMessage());
                rewind.put(tp, r.offset());
                continue;
            } catch (SerializationException e) {
                recordsProcessed++;
                metrics.onDecodeError(r.topic());
                LOG.warn("monitor skipped an undecodable record: {}", e.getMessage());
                continue;
            }
            recordsProcessed++;
            if (live) {
                metrics.onLag(r.topic(), System.currentTimeMillis(), r.timestamp());
            }
            List<WindowResult> closed;
            long eventTime;
            if (isScored) {
                scored++;
                eventTime = sample.eventTimeMs();
                closed = engine.onSample(sample);
            } else {
                advantages++;
                eventTime = group.eventTimeMs();
                closed = engine.onGroup(group);
            }
            if (watermarks != null) {
                watermarks.merge(tp, eventTime, Math::max);
            }
            for (WindowResult w : closed) {
                onWindow(w);
            }
        }
        if (!rewind.isEmpty()) {
            KafkaConsumer<byte[], byte[]> kc = consumer;
            rewind.forEach(kc::seek);
            pause(REGISTRY_BACKOFF_MS);
        }
        if (scored > 0) {
            metrics.onRecords(options.scoredTopic(), scored);
        }
        if (advantages > 0) {
            metrics.onRecords(options.advantagesTopic(), advantages);
        }
        updateJoinGauges();
    }

    private void onWindow(WindowResult w) {
        history.add(w);
        metrics.onWindow(w);
        for (DriftReport a : w.alerts()) {
            alertsRaised++;
            LOG.warn("DRIFT {}", a.getMessage());
            if (producer != null) {
                unpublished.add(a);
            }
        }
        publishAlerts();
    }

    /**
     * Sends the alerts not sent yet, oldest first. Encoding one needs the schema registry; while it
     * cannot answer the alerts wait here (at most {@value #MAX_UNPUBLISHED_ALERTS}, the oldest dropped
     * with a warning beyond that) and go out with the next poll after the registry is back.
     */
    private void publishAlerts() {
        while (!unpublished.isEmpty()) {
            DriftReport a = unpublished.peekFirst();
            try {
                producer.send(new ProducerRecord<>(options.driftTopic(), a.getSignal().toString(), a), (md, ex) -> {
                    if (ex != null) {
                        LOG.error("could not publish the drift alert on {} to {}: {}", a.getSignal(), options.driftTopic(),
                                ex.toString());
                    }
                });
            } catch (SchemaRegistryUnavailableException e) {
                registryWaits++;
                while (unpublished.size() > MAX_UNPUBLISHED_ALERTS) {
                    DriftReport dropped = unpublished.pollFirst();
                    LOG.warn("dropped the unpublished drift alert on {} (more than {} wait for the schema registry): {}",
                            dropped.getSignal(), MAX_UNPUBLISHED_ALERTS, dropped.getMessage());
                }
                LOG.warn("monitor: {} drift alert(s) wait for the schema registry: {}", unpublished.size(), e.getMessage());
                return;
            }
            unpublished.pollFirst();
        }
    }

    private void pause(long ms) {
        lifecycle.pause(Duration.ofMillis(ms));
    }

    private void updateJoinGauges() {
        metrics.onJoinState(engine.join().pendingGroups(), engine.join().unjoinedSamples(), engine.lateGroups());
    }
}
