package dev.progrs.scorer.worker;

import dev.progrs.models.policy.GradMode;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.stage.lifecycle.StageLifecycle;
import dev.progrs.stage.lifecycle.StageState;
import dev.progrs.stage.transaction.BatchRetry;
import dev.progrs.stage.transaction.ConsumedOffsets;
import dev.progrs.stage.transaction.FailureKind;
import dev.progrs.stage.transaction.RetryBackOff;
import dev.progrs.stage.transaction.StageTransactions;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scorer worker: {@code progrs.trajectories} → {@link TrajectoryScorer} → {@code progrs.scored}
 * (same key), undecodable or unscorable records → {@code progrs.dlq} (original key, value and
 * headers plus the {@link DeadLetters} headers).
 *
 * <p><b>Whole groups.</b> The K samples of a group share their prompt and arrive together (one
 * generator transaction, keyed by the group id, so one partition). The worker hands the scorer a
 * whole poll at once, so {@link TrajectoryScorer} scores each group's samples in one pass with the
 * prompt encoded once; a poll that ends inside a group leaves that group and what follows it in its
 * partition to the next poll ({@link WholeGroups}), so the group is scored whole there.
 *
 * <p><b>Exactly once, by Kafka transactions.</b> Each poll (up to a held-back group) is one
 * transaction: the scored records, the dead letters and the consumed offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata) commit together or not at
 * all, and the consumer reads {@code read_committed}.
 * Chosen over "commit offsets after the outputs are acknowledged" because that gives at-least-once:
 * a crash between the acks and the offset commit scores the batch again and duplicates its
 * outputs, and downstream the centering stream would see two copies of a sample. Transactions
 * cost 0.92–1.03× of a plain consume→produce pipe on this broker (docs/architecture.md, measured ceilings), far below the PRM's
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
    /** 200 ms after a Kafka error; 1 s after the registry could not answer (its client has already retried). */
    private static final RetryBackOff BACK_OFF = new RetryBackOff(Duration.ofMillis(200), Duration.ofSeconds(1));

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
    private final Counter heldBack;
    private final Timer batchLatency;
    private final StageClock clock;
    private final StageLifecycle lifecycle;
    private final StageTransactions transactions;
    private final BatchRetry retry;
    private final WholeGroups wholeGroups = new WholeGroups();
    /** Set when the PRM's weights changed by the time the worker stopped. */
    private volatile Throwable weightsFailure;

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
        this.heldBack = Counter.builder("progrs.scorer.records.held").tag("scorer", config.scorerId())
                .description("polled records left for the next poll so that a group is scored whole").register(meters);
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
        this.lifecycle = new StageLifecycle("scorer " + config.scorerId());
        this.transactions = new StageTransactions(lifecycle.stage(), producer, "another scorer runs with the same scorer id "
                + config.scorerId() + "; give every worker its own --scorer-id");
        this.retry = new BatchRetry(lifecycle, consumer, BACK_OFF);
        LOG.info("scorer {} with PRM sha256 {}: {}", config.scorerId(), scorer.prmSha256(), config.describe());
    }

    /**
     * Consumes, scores and publishes until {@link #close()}. Does not throw: an exception that stops the
     * worker is kept as {@link #failure()}.
     *
     * @throws IllegalStateException if the worker was started or closed already (it runs once)
     */
    @Override
    public void run() {
        try {
            lifecycle.run(() -> {
                GradMode.disableOnThisThread(); // PRM scoring records no autograd graph
                producer.initTransactions();
                consumer.subscribe(List.of(config.inputTopic()));
                clock.start();
                while (lifecycle.isRunning()) {
                    long lap = clock.now();
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
                    clock.lap(ScorerActivity.INPUT_WAIT, lap);
                    if (!records.isEmpty()) {
                        processBatch(records);
                    }
                }
            }, end -> release());
        } catch (RuntimeException e) {
            if (lifecycle.failure().isEmpty()) {
                throw e; // not started: a second run() or a run() after close()
            }
            // the failure is kept by the lifecycle and reported by failure()
        }
    }

    private void release() {
        clock.stop();
        try {
            consumer.close(Duration.ofSeconds(5));
        } finally {
            producer.close(Duration.ofSeconds(5));
            try {
                checkWeights("shutdown");
            } catch (IllegalStateException e) {
                weightsFailure = e;
                LOG.error(e.getMessage());
            }
        }
    }

    /** One attempt at a polled batch; a retried failure rewinds it and counts an aborted transaction. */
    private void processBatch(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        retry.attempt(batch, () -> scoreAndPublish(batch), (kind, e) -> {
            aborted.increment();
            if (kind == FailureKind.REGISTRY_UNAVAILABLE) {
                registryRetries.increment();
            }
        });
    }

    /**
     * Decodes, scores and publishes the polled records in one transaction, up to where {@link WholeGroups}
     * holds a partition back so that no group is cut; the consumer is moved back to those offsets after the
     * commit. The scorer is handed the whole batch at once, so the samples of a group are scored together
     * with their prompt encoded once. Decoding a trajectory or encoding a scored record needs the registry;
     * when it cannot answer ({@link SchemaRegistryUnavailableException}) nothing is wrong with the records,
     * so none is dead-lettered and the whole poll comes again.
     */
    private void scoreAndPublish(List<ConsumerRecord<byte[], byte[]>> polled) {
        long t0 = System.nanoTime();
        Trajectory[] decodedAt = new Trajectory[polled.size()];
        String[] undecodable = new String[polled.size()];
        List<WholeGroups.Polled> where = new ArrayList<>(polled.size());
        for (int i = 0; i < polled.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = polled.get(i);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            try {
                Trajectory t = decoder.decode(r);
                decodedAt[i] = t;
                where.add(new WholeGroups.Polled(tp, r.offset(), t.getGroupId(), t.getSampleIndex(), t.getGroupSize()));
            } catch (WireFormatException e) {
                // the record's own bytes are wrong (the decoder's whole poison path, Errors included);
                // a registry that cannot be reached is SchemaRegistryUnavailableException, retried
                undecodable[i] = e.getMessage();
                where.add(WholeGroups.Polled.undecoded(tp, r.offset()));
            }
        }
        Map<TopicPartition, Long> heldFrom = wholeGroups.holdBack(where);
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.size());
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(polled.size());
        List<ConsumerRecord<byte[], byte[]>> decodedFrom = new ArrayList<>();
        List<Trajectory> decoded = new ArrayList<>();
        int dlq = 0;
        int ok = 0;
        for (int i = 0; i < polled.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = polled.get(i);
            Long cut = heldFrom.get(where.get(i).partition());
            if (cut != null && r.offset() >= cut) {
                continue;
            }
            batch.add(r);
            if (decodedAt[i] != null) {
                decoded.add(decodedAt[i]);
                decodedFrom.add(r);
            } else {
                out.add(deadLetter(r, "undecodable: " + undecodable[i]));
                dlq++;
            }
        }
        if (batch.isEmpty()) { // every partition of the poll begins with a cut group: read them again, whole
            heldFrom.forEach(consumer::seek);
            heldBack.increment(polled.size());
            return;
        }
        long scoringStart = clock.now();
        List<TrajectoryScorer.Result> results = scorer.score(decoded);
        long scoring = clock.lap(ScorerActivity.SCORING, scoringStart) - scoringStart;
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
                out.add(new ProducerRecord<>(config.outputTopic(), null, source.key(), value));
                ok++;
            } else {
                out.add(deadLetter(source, "unscorable: " + error));
                dlq++;
            }
        }
        transactions.commit(tx -> out.forEach(tx::send), ConsumedOffsets.next(batch), consumer.groupMetadata());
        heldFrom.forEach(consumer::seek); // the next poll reads the held-back records again, the cut group first
        scored.increment(ok);
        deadLettered.increment(dlq);
        heldBack.increment(polled.size() - batch.size());
        long elapsed = System.nanoTime() - t0;
        batchLatency.record(elapsed, TimeUnit.NANOSECONDS);
        clock.add(ScorerActivity.PUBLISHING, Math.max(0, elapsed - scoring));
    }

    /** The dead letter of {@code r}: the shared headers (no exception class) plus this worker's id. */
    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason) {
        ProducerRecord<byte[], byte[]> d = DeadLetters.of(r, config.dlqTopic(), DeadLetters.STAGE_SCORER, reason.replace('\n', ' '), null);
        DeadLetters.put(d.headers(), DeadLetters.SCORER_ID, config.scorerId());
        LOG.warn("scorer {}: {}-{}@{} to {}: {}", config.scorerId(), r.topic(), r.partition(), r.offset(), config.dlqTopic(), reason);
        return d;
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

    /** Where the worker's time goes ({@link ScorerActivity} names the activities); any thread. */
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

    /** The exception that stopped the worker (or the PRM weights found changed at shutdown), or null. */
    public Throwable failure() {
        return lifecycle.failure().orElse(weightsFailure);
    }

    /** Whether the worker has neither stopped nor been asked to (true before {@link #run()} too). */
    public boolean isRunning() {
        return !lifecycle.isStopRequested();
    }

    /** Where this worker is in its life; any thread. */
    public StageState state() {
        return lifecycle.state();
    }

    /** Stops the loop, waits up to 30 s for the thread to close the clients. */
    @Override
    public void close() {
        if (lifecycle.requestStop() == StageState.CREATED) {
            // never ran: nothing else owns the clients
            consumer.close(Duration.ZERO);
            producer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            if (!lifecycle.awaitTermination(Duration.ofSeconds(30))) {
                LOG.warn("scorer {} did not stop within 30 s", config.scorerId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
