package dev.progrs.generator.worker;

import ai.djl.Device;
import dev.progrs.generator.policy.PolicyFollower;
import dev.progrs.generator.policy.PolicyLoader;
import dev.progrs.generator.rollout.GroupIds;
import dev.progrs.generator.rollout.GroupRollout;
import dev.progrs.generator.rollout.OutcomeRule;
import dev.progrs.generator.rollout.RolloutPrompt;
import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.policy.GradMode;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.stage.lifecycle.StageLifecycle;
import dev.progrs.stage.lifecycle.StageState;
import dev.progrs.stage.transaction.BatchRetry;
import dev.progrs.stage.transaction.ConsumedOffsets;
import dev.progrs.stage.transaction.RetryBackOff;
import dev.progrs.stage.transaction.StageTransactions;
import dev.progrs.tasks.verify.Verifier;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generator worker: consumes prompts, samples K solutions per prompt with the current policy,
 * verifies them and publishes one {@link Trajectory} per sample, keyed by the group id.
 *
 * <h2>Loop (one thread, the caller of {@link #run()})</h2>
 * <ol>
 *   <li>Read {@code progrs.policy}; if a newer version is announced, load it through the
 *       {@link CheckpointStore} (SHA-256 checked) — only here, between batches, so a group is
 *       never sampled by two versions ({@link PolicyHotSwap}).</li>
 *   <li>Ask the {@link PolicyGate} (by default: a policy is loaded and it is at most
 *       {@code max-staleness} versions behind). Closed: pause the prompt partitions, keep polling
 *       (the worker stays in its consumer group) and wait for policy records ({@link PromptIntake}).</li>
 *   <li>Take up to {@code prompts-per-batch} prompt records (waiting up to {@code batch-linger} to
 *       fill the batch once one has arrived); decode them (a record that does not
 *       decode or cannot be tokenised is a poison record); sample all their groups in one
 *       batched, KV-cached decode; verify every sample by its suite's {@link OutcomeRule} (the built-in
 *       suite: held-out evaluation's exact {@code Answer:} rule); split steps ({@link GroupRollout}).</li>
 *   <li>In one Kafka transaction ({@link StageTransactions}, retried by {@link BatchRetry}): the dead letters of the poison records, the K trajectories of
 *       every group, and the consumer offsets after the batch; commit.</li>
 * </ol>
 *
 * <h2>Exactly once per prompt</h2>
 * A prompt's group and the prompt's consumed offset commit atomically, so after any crash either
 * the whole group is visible to read_committed consumers and the prompt is done, or nothing of the
 * group is visible and the prompt is consumed again. A re-run gets a new group id
 * ({@link GroupIds}); downstream never deduplicates. Offsets are committed with the consumer's group
 * metadata, so a worker that lost its partitions in a rebalance cannot commit (its transaction is
 * aborted and the new owner re-runs the prompt). The transactional id is derived from the
 * generator id: a restarted worker fences its previous incarnation and aborts what it left open.
 *
 * <p>Errors: a fenced producer (another worker with the same generator id) is fatal; any other
 * Kafka error, and a schema registry that cannot be reached
 * ({@link SchemaRegistryUnavailableException}, while decoding prompts or policy announcements or
 * encoding trajectories), aborts the transaction, rewinds the batch's partitions and retries after
 * a short back-off, as long as the outage lasts: no prompt is dead-lettered for it. Any other
 * exception, a registry's refusal (4xx) included, aborts the transaction and ends {@link #run()}
 * with it (the prompt is re-run by the next owner of its partition). {@link #shutdown()} (any thread) makes {@link #run()} return after the current
 * batch; {@link #close()} also waits for that and closes everything. No thread is left running.
 */
public final class GeneratorWorker implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorWorker.class);
    private static final RetryBackOff BACK_OFF = new RetryBackOff(Duration.ofMillis(500), Duration.ofMillis(500));
    private static final long PROGRESS_EVERY_MS = 30_000;

    private final GeneratorConfig config;
    private final GroupIds groupIds;
    private final Verifier verifier;
    private final RecordDecoder<Prompt> promptDecoder;
    private final Serializer<Trajectory> trajectorySerializer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PromptIntake intake;
    private final PolicyHotSwap policy;
    private final SplittableRandom seeds;
    private final StageLifecycle lifecycle;
    private final StageTransactions transactions;
    private final BatchRetry retry;
    private final WorkerStats stats = new WorkerStats();
    private final StageClock clock;

    private PolicyGate gate;
    private BatchHook hook = BatchHook.NONE;
    private boolean gateWasClosed;

    /**
     * Creates the worker's Kafka clients (nothing is consumed before {@link #run()}).
     *
     * @param clientProperties bootstrap servers and any security settings shared by all clients
     * @param registry         schema registry for prompts, trajectories and policy versions
     * @param store            where announced checkpoints are read
     * @param device           DJL device to sample on
     */
    public GeneratorWorker(GeneratorConfig config, Properties clientProperties, SchemaRegistry registry, CheckpointStore store,
                           Device device) {
        this.config = config;
        this.groupIds = new GroupIds(config.generatorId());
        this.clock = new StageClock("generator-" + config.generatorId());
        this.gate = PolicyGate.staleness(config.maxStaleness());
        this.promptDecoder = RecordDecoder.of(Prompt.class, registry);
        this.trajectorySerializer = AvroSerde.of(Trajectory.class, registry).serializer();
        this.seeds = new SplittableRandom(config.seed());
        this.verifier = new Verifier();
        KafkaConsumer<byte[], byte[]> c = null;
        KafkaProducer<byte[], byte[]> p = null;
        PolicyFollower follower;
        try {
            c = new KafkaConsumer<>(consumerProperties(clientProperties), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            p = new KafkaProducer<>(producerProperties(clientProperties), new ByteArraySerializer(), new ByteArraySerializer());
            follower = new PolicyFollower(clientProperties, config.topics().policy(), registry, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            if (c != null) {
                c.close(Duration.ZERO);
            }
            if (p != null) {
                p.close(Duration.ZERO);
            }
            verifier.close();
            throw e;
        }
        this.consumer = c;
        this.producer = p;
        this.intake = new PromptIntake(c, config.topics().prompts(), config.generatorId());
        this.policy = new PolicyHotSwap(config.generatorId(), follower, new PolicyLoader(store, device),
                model -> new GroupRollout(model, config.generatorId(), config.groupSize(), verifier), stats, clock);
        this.lifecycle = new StageLifecycle("generator " + config.generatorId());
        this.transactions = new StageTransactions(lifecycle.stage(), p, "another worker runs with the same generator id "
                + config.generatorId() + "; give every worker its own --generator-id");
        this.retry = new BatchRetry(lifecycle, c, BACK_OFF);
    }

    /** Replaces the gate (default: {@link PolicyGate#staleness} at the configured max-staleness). Before {@link #run()}. */
    public GeneratorWorker gate(PolicyGate newGate) {
        requireNotStarted();
        this.gate = newGate;
        return this;
    }

    /** Installs a hook that observes every send (tests, drills). Before {@link #run()}. */
    public GeneratorWorker hook(BatchHook newHook) {
        requireNotStarted();
        this.hook = newHook;
        return this;
    }

    public GeneratorConfig config() {
        return config;
    }

    /** Live counters; safe to read from any thread. */
    public WorkerStats stats() {
        return stats;
    }

    /**
     * Where this worker's time goes ({@link GeneratorActivity} names the activities); safe to read from any
     * thread.
     */
    public StageClock clock() {
        return clock;
    }

    /** The incarnation part of this worker's group ids. */
    public String incarnation() {
        return groupIds.incarnation();
    }

    /** Where this worker is in its life; any thread. */
    public StageState state() {
        return lifecycle.state();
    }

    @Override
    public void run() {
        lifecycle.run(() -> {
            LOG.info("{}, incarnation {}", config.describe(), groupIds.incarnation());
            clock.start();
            producer.initTransactions();
            intake.subscribe();
            long lastProgress = System.currentTimeMillis();
            while (lifecycle.isRunning()) {
                step();
                if (System.currentTimeMillis() - lastProgress > PROGRESS_EVERY_MS) {
                    lastProgress = System.currentTimeMillis();
                    LOG.info("generator {}: {}", config.generatorId(), stats);
                }
            }
        }, end -> {
            clock.stop();
            closeClients(end == StageState.CRASHED);
        });
    }

    /** Asks {@link #run()} to return after the current batch; any thread, returns at once. Before {@link #run()}: closes the worker. */
    public void shutdown() {
        if (lifecycle.requestStop() == StageState.CREATED) {
            closeClients(false);
            return;
        }
        intake.wakeup();
        policy.wakeup();
    }

    /** Blocks until {@link #run()} has returned and closed its clients, at most {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(timeout);
    }

    /** Shuts down, waits for {@link #run()} (if it was started) and releases everything. */
    @Override
    public void close() {
        shutdown();
        try {
            if (!awaitTermination(Duration.ofSeconds(60))) {
                LOG.warn("generator {} did not stop within 60 s", config.generatorId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the loop

    private void step() {
        policy.refresh(Duration.ZERO);
        GateState state = policy.gateState();
        int capacity = policy.model().isPresent() && gate.admits(state) ? Math.min(config.promptsPerBatch(), gate.maxGroups(state)) : 0;
        if (capacity <= 0) {
            long closedSince = clock.now();
            if (!gateWasClosed) {
                LOG.info("generator {}: not taking prompts (loaded version {}, newest announced {}, {} groups with it)",
                        config.generatorId(), state.loadedVersion(), state.latestVersion(), state.groupsWithLoadedVersion());
            }
            gateWasClosed = true;
            intake.hold();
            long loading = policy.refresh(config.pollTimeout());
            clock.add(GeneratorActivity.GATE_CLOSED, Math.max(0, clock.now() - closedSince - loading));
            return;
        }
        if (gateWasClosed) {
            LOG.info("generator {}: taking prompts again with policy version {}", config.generatorId(), state.loadedVersion());
            gateWasClosed = false;
        }
        long waitSince = clock.now();
        List<ConsumerRecord<byte[], byte[]>> batch = intake.take(capacity, config.pollTimeout(), config.batchLinger(),
                lifecycle::isRunning);
        clock.lap(GeneratorActivity.PROMPT_WAIT, waitSince);
        if (!batch.isEmpty()) {
            processBatch(batch);
        }
    }

    /**
     * One attempt at the batch: decode, sample, publish in one transaction. A retried failure rewinds
     * the batch and every record read ahead of it, which are then read again.
     */
    private void processBatch(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<ConsumerRecord<byte[], byte[]>> readAhead = new ArrayList<>(batch);
        readAhead.addAll(intake.readAhead());
        retry.attempt(readAhead, () -> sampleAndPublish(batch), (kind, e) -> {
            intake.dropReadAhead();
            stats.aborted();
        });
    }

    private void sampleAndPublish(List<ConsumerRecord<byte[], byte[]>> batch) {
        PolicyModel model = policy.model().orElseThrow();
        GroupRollout rollout = policy.rollout();
        List<RolloutPrompt> accepted = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            decode(r, model, accepted, dead);
        }

        SamplingConfig sampling = config.sampling().withSeed(seeds.nextLong());
        GradMode.disableOnThisThread();
        long[] lap = {clock.now()};
        GroupRollout.Batch rolled = rollout.roll(accepted, sampling, groupIds::next, new GroupRollout.Phases() {
            @Override
            public void sampled() {
                lap[0] = clock.lap(GeneratorActivity.SAMPLING, lap[0]);
            }

            @Override
            public void verified() {
                lap[0] = clock.lap(GeneratorActivity.VERIFYING, lap[0]);
            }
        });
        long version = model.version();
        String topic = config.topics().trajectories();
        transactions.commit(tx -> {
            for (ProducerRecord<byte[], byte[]> d : dead) {
                tx.send(d);
            }
            for (GroupRollout.Group group : rolled.groups()) {
                byte[] key = group.groupId().getBytes(StandardCharsets.UTF_8);
                String promptId = group.prompt().prompt().getPromptId();
                int k = group.trajectories().size();
                for (int j = 0; j < k; j++) {
                    tx.send(new ProducerRecord<>(topic, key, trajectorySerializer.serialize(topic, group.trajectories().get(j))));
                    hook.afterSend(new SentView(promptId, group.groupId(), j, k));
                }
            }
        }, ConsumedOffsets.next(batch), intake.groupMetadata());
        clock.lap(GeneratorActivity.PUBLISHING, lap[0]);
        policy.committed(accepted.size());
        stats.committed(accepted.size(), rolled.samples(), dead.size(), rolled.samplingMs(), version);
    }

    /** The dead letter of a prompt record: the shared headers plus this worker's id. */
    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause) {
        ProducerRecord<byte[], byte[]> d = DeadLetters.of(r, config.topics().dlq(), DeadLetters.STAGE_GENERATOR, reason, cause);
        DeadLetters.put(d.headers(), DeadLetters.GENERATOR_ID, config.generatorId());
        return d;
    }

    private void decode(ConsumerRecord<byte[], byte[]> r, PolicyModel model, List<RolloutPrompt> accepted, List<ProducerRecord<byte[], byte[]>> dead) {
        Prompt p;
        try {
            p = promptDecoder.decode(r);
        } catch (WireFormatException e) {
            dead.add(deadLetter(r, e.getMessage(), e));
            LOG.warn("generator {}: prompt record sent to {}: {}", config.generatorId(), config.topics().dlq(), e.getMessage());
            return;
        }
        try {
            accepted.add(RolloutPrompt.of(p, model));
        } catch (IllegalArgumentException e) {
            String reason = "topic " + r.topic() + " partition " + r.partition() + " offset " + r.offset() + ": prompt "
                    + p.getPromptId() + " cannot be sampled by policy version " + model.version() + ": " + e.getMessage();
            dead.add(deadLetter(r, reason, e));
            LOG.warn("generator {}: prompt record sent to {}: {}", config.generatorId(), config.topics().dlq(), reason);
        }
    }

    // ---------------------------------------------------------------- plumbing

    private final class SentView implements BatchHook.Sent {
        private final String promptId;
        private final String groupId;
        private final int sampleIndex;
        private final int groupSize;

        SentView(String promptId, String groupId, int sampleIndex, int groupSize) {
            this.promptId = promptId;
            this.groupId = groupId;
            this.sampleIndex = sampleIndex;
            this.groupSize = groupSize;
        }

        @Override
        public String promptId() {
            return promptId;
        }

        @Override
        public String groupId() {
            return groupId;
        }

        @Override
        public int sampleIndex() {
            return sampleIndex;
        }

        @Override
        public int groupSize() {
            return groupSize;
        }

        @Override
        public void flush() {
            producer.flush();
        }
    }

    private Properties consumerProperties(Properties base) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "progrs-generator-" + config.generatorId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(2 * config.promptsPerBatch(), 4));
        return p;
    }

    private Properties producerProperties(Properties base) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "progrs-generator-" + config.generatorId());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        return p;
    }

    /** Called once: by {@link #run()} when it ends, or by {@link #shutdown()} when it never ran. */
    private void closeClients(boolean crashed) {
        Duration grace = crashed ? Duration.ZERO : Duration.ofSeconds(10);
        try {
            producer.close(grace);
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the producer: {}", config.generatorId(), e.toString());
        }
        try {
            consumer.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the prompt consumer: {}", config.generatorId(), e.toString());
        }
        policy.close();
        verifier.close();
        LOG.info("generator {} stopped: {}", config.generatorId(), stats);
    }

    private void requireNotStarted() {
        if (lifecycle.state() != StageState.CREATED) {
            throw new IllegalStateException("generator " + config.generatorId() + " is already running");
        }
    }
}
