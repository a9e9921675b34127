package dev.progrs.scorer.worker;

import dev.progrs.models.policy.GradMode;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.schemas.stagetime.StageClock;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer worker: {@code progrs.trajectories} → {@link TrajectoryScorer} → {@code progrs.scored}
 * (same key), undecodable or unscorable records → {@code progrs.dlq} (original key, value and
 * headers plus {@link DeadLetterHeaders}).
 *
 * <p><b>Exactly once, by Kafka transactions.</b> Each poll is one transaction: the scored records,
 * the dead letters and the consumed offsets ({@code sendOffsetsToTransaction} with the consumer's
 * group metadata) commit together or not at all, and the consumer reads {@code read_committed}.
 * Chosen over "commit offsets after the outputs are acknowledged" because that gives at-least-once:
 * a crash between the acks and the offset commit scores the batch again and duplicates its
 * outputs, and downstream the centering stream would see two copies of a sample. Transactions
 * cost 0.92–1.03× of a plain consume→produce pipe on this broker (DESIGN.md), far below the PRM's
 * own cost. A failed transaction is aborted and the consumer rewound to the batch's first offsets,
 * so the batch is processed again; a fenced producer (another worker took over the transactional
 * id) stops the worker. A schema registry that cannot answer while a trajectory is decoded or a
 * scored record encoded ({@link SchemaRegistryUnavailableException}) is handled the same way, after
 * a longer pause, for as long as it lasts: those records are good and are never dead-lettered. A
 * registry that refuses the request (4xx) stops the worker with its URL and status.
 *
 * <p>The PRM is read-only: its hash is checked at start (against the loaded weights and, if
 * configured, a pinned value) and again at shutdown, and is recorded on every output.
 *
 * <p>Run it on its own thread; {@link #close()} wakes the consumer, lets the current transaction
 * finish, closes the clients and waits for the thread to end.
 */
public final class ScorerWorker implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerWorker.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(200);
    /** Pause before a batch is tried again after the registry could not answer (the client has already retried). */
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);

    private final ScorerWorkerConfig config;
    private final TrajectoryScorer scorer;
    private final WeightsCheck weightsCheck;
    private final RecordDecoder<Trajectory> decoder;
    private final AvroSerializer<ScoredTrajectory> serializer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Counter scored;
    private final Counter deadLettered;
    private final Counter aborted;
    private final Counter registryRetries;
    private final Timer batchLatency;
    private final StageClock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running = true;
    private volatile Throwable failure;

    /** How the worker proves the PRM it scores with is unchanged: returns the hash of the weights in memory. */
    @FunctionalInterface
    public interface WeightsCheck {
        String currentSha256();
    }

    /**
     * @throws IllegalStateException if the PRM's in-memory weights do not hash to its verified hash,
     *                               or differ from the pinned {@link ScorerWorkerConfig#expectedPrmSha256()}
     */
    public ScorerWorker(ScorerWorkerConfig config, TrajectoryScorer scorer, WeightsCheck weightsCheck,
                        SchemaRegistry registry, MeterRegistry meters) {
        this.config = config;
        this.scorer = scorer;
        this.weightsCheck = weightsCheck;
        this.clock = new StageClock("scorer-" + config.scorerId());
        checkWeights("start");
        if (config.expectedPrmSha256() != null && !config.expectedPrmSha256().equals(scorer.prmSha256())) {
            throw new IllegalStateException("PRM refused: sha256 expected " + config.expectedPrmSha256() + " (prm-sha256), actual "
                    + scorer.prmSha256());
        }
        this.decoder = RecordDecoder.of(Trajectory.class, registry);
        this.serializer = new AvroSerializer<>(ScoredTrajectory.class, registry);
        this.scored = Counter.builder("progrs.scorer.records.scored").tag("scorer", config.scorerId())
                .description("trajectories scored and published").register(meters);
        this.deadLettered = Counter.builder("progrs.scorer.records.dlq").tag("scorer", config.scorerId())
                .description("records sent to the dead-letter topic").register(meters);
        this.aborted = Counter.builder("progrs.scorer.transactions.aborted").tag("scorer", config.scorerId())
                .description("transactions aborted and retried").register(meters);
        this.registryRetries = Counter.builder("progrs.scorer.registry.unavailable").tag("scorer", config.scorerId())
                .description("batches retried because the schema registry could not answer").register(meters);
        this.batchLatency = Timer.builder("progrs.scorer.batch.latency").tag("scorer", config.scorerId())
                .description("poll batch: decode, score, publish, commit").publishPercentiles(0.5, 0.99).register(meters);

        Map<String, Object> c = new HashMap<>(config.clientOverrides());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.scorerId() + "-consumer");
        Map<String, Object> p = new HashMap<>(config.clientOverrides());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.scorerId() + "-producer");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        LOG.info("scorer {} with PRM sha256 {}: {}", config.scorerId(), scorer.prmSha256(), config.describe());
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("scorer " + config.scorerId() + " runs once; it was started or closed already");
        }
        try {
            GradMode.disableOnThisThread(); // PRM scoring records no autograd graph
            producer.initTransactions();
            consumer.subscribe(List.of(config.inputTopic()));
            clock.start();
            while (running) {
                long lap = clock.now();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
                clock.lap(ScorerTime.INPUT_WAIT, StageClock.Kind.WAITING, lap);
                if (!records.isEmpty()) {
                    processInTransaction(records);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                LOG.error("scorer {} woken up unexpectedly", config.scorerId(), e);
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("scorer {} stopped: {}", config.scorerId(), e.toString(), e);
        } finally {
            running = false;
            clock.stop();
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                producer.close(Duration.ofSeconds(5));
                try {
                    checkWeights("shutdown");
                } catch (IllegalStateException e) {
                    failure = e;
                    LOG.error(e.getMessage());
                }
                stopped.countDown();
            }
        }
    }

    private void processInTransaction(ConsumerRecords<byte[], byte[]> records) {
        long t0 = System.nanoTime();
        producer.beginTransaction();
        try {
            List<ConsumerRecord<byte[], byte[]>> decodedFrom = new ArrayList<>();
            List<Trajectory> decoded = new ArrayList<>();
            int dlq = 0;
            int ok = 0;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                try {
                    decoded.add(decoder.decode(r));
                    decodedFrom.add(r);
                } catch (WireFormatException e) {
                    // the record's own bytes are wrong (the decoder's whole poison path, Errors included);
                    // a registry that cannot be reached is SchemaRegistryUnavailableException, retried below
                    deadLetter(r, "undecodable: " + e.getMessage());
                    dlq++;
                }
            }
            long scoringStart = clock.now();
            List<TrajectoryScorer.Result> results = scorer.score(decoded);
            long scoring = clock.lap(ScorerTime.SCORING, StageClock.Kind.BUSY, scoringStart) - scoringStart;
            for (int i = 0; i < results.size(); i++) {
                ConsumerRecord<byte[], byte[]> source = decodedFrom.get(i);
                TrajectoryScorer.Result result = results.get(i);
                byte[] value = null;
                String error = result.error();
                if (result.scored() != null) {
                    try {
                        value = serializer.serialize(config.outputTopic(), result.scored());
                    } catch (org.apache.avro.AvroRuntimeException e) {
                        error = "scored record cannot be encoded: " + e.getMessage(); // deterministic: retrying cannot help
                    }
                }
                if (value != null) {
                    producer.send(new ProducerRecord<>(config.outputTopic(), null, source.key(), value));
                    ok++;
                } else {
                    deadLetter(source, "unscorable: " + error);
                    dlq++;
                }
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), consumer.groupMetadata());
            producer.commitTransaction();
            scored.increment(ok);
            deadLettered.increment(dlq);
            long batch = System.nanoTime() - t0;
            batchLatency.record(batch, TimeUnit.NANOSECONDS);
            clock.add(ScorerTime.PUBLISHING, StageClock.Kind.BUSY, Math.max(0, batch - scoring));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            throw e; // fatal for this producer: stop the worker
        } catch (KafkaException e) {
            LOG.warn("scorer {}: transaction aborted, batch of {} records will be retried: {}", config.scorerId(),
                    records.count(), e.toString());
            producer.abortTransaction();
            aborted.increment();
            rewind(records);
            pause(RETRY_BACKOFF);
        } catch (SchemaRegistryUnavailableException e) {
            // decoding a trajectory or encoding a scored record needs the registry, which cannot answer: nothing
            // is wrong with the records, so none is dead-lettered; the whole batch is processed again
            LOG.warn("scorer {}: schema registry unavailable, transaction aborted, batch of {} records will be retried in {} ms: {}",
                    config.scorerId(), records.count(), REGISTRY_BACKOFF.toMillis(), e.getMessage());
            producer.abortTransaction();
            aborted.increment();
            registryRetries.increment();
            rewind(records);
            pause(REGISTRY_BACKOFF);
        } catch (RuntimeException e) {
            // not a Kafka failure: a bug; leave nothing half-written and stop
            producer.abortTransaction();
            throw e;
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        RecordHeaders headers = new RecordHeaders(r.headers().toArray());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REASON, reason.replace('\n', ' '));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.STAGE, DeadLetterHeaders.STAGE_SCORER);
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_TOPIC, r.topic());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(r.partition()));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(r.offset()));
        DeadLetterHeaders.put(headers, DeadLetterHeaders.WORKER, config.scorerId());
        producer.send(new ProducerRecord<>(config.dlqTopic(), null, r.key(), r.value(), headers));
        LOG.warn("scorer {}: {}-{}@{} to {}: {}", config.scorerId(), r.topic(), r.partition(), r.offset(), config.dlqTopic(), reason);
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> part = records.records(tp);
            out.put(tp, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
        }
        return out;
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkWeights(String when) {
        String now = weightsCheck.currentSha256();
        if (!now.equals(scorer.prmSha256())) {
            throw new IllegalStateException("PRM weights changed (" + when + "): loaded sha256 " + scorer.prmSha256()
                    + ", in memory now " + now);
        }
    }

    /** Trajectories scored and committed so far. */
    public long scoredCount() {
        return (long) scored.count();
    }

    /** Where the worker's time goes ({@link ScorerTime} names the activities); any thread. */
    public StageClock clock() {
        return clock;
    }

    /** Batches retried so far because the schema registry could not answer. */
    public long registryRetryCount() {
        return (long) registryRetries.count();
    }

    /** Records sent to the dead-letter topic and committed so far. */
    public long deadLetterCount() {
        return (long) deadLettered.count();
    }

    /** The exception that stopped the worker, or null. */
    public Throwable failure() {
        return failure;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the loop, waits up to 30 s for the thread to close the clients. */
    @Override
    public void close() {
        running = false;
        if (started.compareAndSet(false, true)) {
            // never ran: nothing else owns the clients
            consumer.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            stopped.countDown();
            return;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(30, TimeUnit.SECONDS)) {
                LOG.warn("scorer {} did not stop within 30 s", config.scorerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
