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
import dev.progrs.schemas.stagetime.StageClock;
import dev.progrs.tasks.verify.Verifier;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 *       never sampled by two versions.</li>
 *   <li>Ask the {@link PolicyGate} (by default: a policy is loaded and it is at most
 *       {@code max-staleness} versions behind). Closed: pause the prompt partitions, keep polling
 *       (the worker stays in its consumer group) and wait for policy records.</li>
 *   <li>Take up to {@code prompts-per-batch} prompt records (waiting up to {@code batch-linger} to
 *       fill the batch once one has arrived); decode them (a record that does not
 *       decode or cannot be tokenised is a poison record); sample all their groups in one
 *       batched, KV-cached decode; verify every sample by its suite's {@link OutcomeRule} (the built-in
 *       suite: held-out evaluation's exact {@code Answer:} rule); split steps.</li>
 *   <li>In one Kafka transaction: the dead letters of the poison records, the K trajectories of
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
    private static final long LOAD_RETRY_MS = 2_000;
    private static final long ERROR_BACKOFF_MS = 500;
    private static final long PROGRESS_EVERY_MS = 30_000;

    private final GeneratorConfig config;
    private final PolicyLoader loader;
    private final GroupIds groupIds;
    private final Verifier verifier;
    private final RecordDecoder<Prompt> promptDecoder;
    private final Serializer<Trajectory> trajectorySerializer;
    private final KafkaConsumer<byte[], byte[]> prompts;
    private final KafkaProducer<byte[], byte[]> producer;
    private final PolicyFollower follower;
    private final SplittableRandom seeds;
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final WorkerStats stats = new WorkerStats();
    private final StageClock clock;

    private volatile boolean stopping;
    private PolicyGate gate;
    private BatchHook hook = BatchHook.NONE;
    private PolicyModel model;
    private GroupRollout rollout;
    private long groupsWithLoaded;
    private long failedVersion = -1;
    private long failedAtMs;
    private boolean gateWasClosed;
    private boolean closed;

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
        this.loader = new PolicyLoader(store, device);
        this.groupIds = new GroupIds(config.generatorId());
        this.clock = new StageClock("generator-" + config.generatorId());
        this.gate = PolicyGate.staleness(config.maxStaleness());
        this.promptDecoder = RecordDecoder.of(Prompt.class, registry);
        this.trajectorySerializer = AvroSerde.of(Trajectory.class, registry).serializer();
        this.seeds = new SplittableRandom(config.seed());
        this.verifier = new Verifier();
        KafkaConsumer<byte[], byte[]> c = null;
        KafkaProducer<byte[], byte[]> p = null;
        try {
            c = new KafkaConsumer<>(consumerProperties(clientProperties), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            p = new KafkaProducer<>(producerProperties(clientProperties), new ByteArraySerializer(), new ByteArraySerializer());
            this.follower = new PolicyFollower(clientProperties, config.topics().policy(), registry, Duration.ofSeconds(30));
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
        this.prompts = c;
        this.producer = p;
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
     * Where this worker's time goes ({@link GeneratorTime} names the activities); safe to read from any
     * thread.
     */
    public StageClock clock() {
        return clock;
    }

    /** The incarnation part of this worker's group ids. */
    public String incarnation() {
        return groupIds.incarnation();
    }

    @Override
    public void run() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("generator " + config.generatorId() + " is already running or has run");
        }
        boolean crashed = false;
        try {
            LOG.info("{}, incarnation {}", config.describe(), groupIds.incarnation());
            clock.start();
            producer.initTransactions();
            prompts.subscribe(List.of(config.topics().prompts()), new Rebalance());
            long lastProgress = System.currentTimeMillis();
            while (!stopping) {
                step();
                if (System.currentTimeMillis() - lastProgress > PROGRESS_EVERY_MS) {
                    lastProgress = System.currentTimeMillis();
                    LOG.info("generator {}: {}", config.generatorId(), stats);
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (RuntimeException e) {
            if (e instanceof SimulatedCrash) {
                crashed = true;
                LOG.warn("generator {}: simulated crash ({}); the open transaction is left to the broker", config.generatorId(),
                        e.getMessage());
                return;
            }
            LOG.error("generator {} failed: {}", config.generatorId(), e.toString());
            throw e;
        } catch (Error e) {
            LOG.error("generator {} failed: {}", config.generatorId(), e.toString());
            throw e;
        } finally {
            clock.stop();
            closeClients(crashed);
            finished.countDown();
        }
    }

    /** Asks {@link #run()} to return after the current batch; any thread, returns at once. */
    public void shutdown() {
        stopping = true;
        prompts.wakeup();
        follower.wakeup();
    }

    /** Blocks until {@link #run()} has returned and closed its clients, at most {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Shuts down, waits for {@link #run()} (if it was started) and releases everything. */
    @Override
    public void close() {
        shutdown();
        if (started.get()) {
            try {
                if (!awaitTermination(Duration.ofSeconds(60))) {
                    LOG.warn("generator {} did not stop within 60 s", config.generatorId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeClients(false);
        }
    }

    // ---------------------------------------------------------------- the loop

    private void step() {
        refreshPolicy(Duration.ZERO);
        GateState state = state();
        int capacity = model != null && gate.admits(state) ? Math.min(config.promptsPerBatch(), gate.maxGroups(state)) : 0;
        if (capacity <= 0) {
            long closedSince = clock.now();
            if (!gateWasClosed) {
                LOG.info("generator {}: not taking prompts (loaded version {}, newest announced {}, {} groups with it)",
                        config.generatorId(), state.loadedVersion(), state.latestVersion(), state.groupsWithLoadedVersion());
            }
            gateWasClosed = true;
            pauseAll();
            bufferPrompts(prompts.poll(Duration.ZERO)); // stay in the group; paused partitions return nothing
            long loading = refreshPolicy(config.pollTimeout());
            clock.add(GeneratorTime.GATE_CLOSED, StageClock.Kind.WAITING, Math.max(0, clock.now() - closedSince - loading));
            return;
        }
        if (gateWasClosed) {
            LOG.info("generator {}: taking prompts again with policy version {}", config.generatorId(), state.loadedVersion());
            gateWasClosed = false;
        }
        resumeAll();
        long waitSince = clock.now();
        if (pending.isEmpty()) {
            bufferPrompts(prompts.poll(config.pollTimeout()));
        }
        if (pending.isEmpty()) {
            clock.lap(GeneratorTime.PROMPT_WAIT, StageClock.Kind.WAITING, waitSince);
            return;
        }
        // Records of several partitions arrive in separate fetches: linger briefly to fill the batch.
        long lingerEnd = System.nanoTime() + config.batchLinger().toNanos();
        while (pending.size() < capacity && System.nanoTime() < lingerEnd && !stopping) {
            bufferPrompts(prompts.poll(Duration.ofNanos(Math.max(0, lingerEnd - System.nanoTime()))));
        }
        clock.lap(GeneratorTime.PROMPT_WAIT, StageClock.Kind.WAITING, waitSince);
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(capacity);
        while (batch.size() < capacity && !pending.isEmpty()) {
            batch.add(pending.poll());
        }
        processBatch(batch);
    }

    private void bufferPrompts(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            pending.add(r);
        }
    }

    private void processBatch(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<RolloutPrompt> accepted = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
        try {
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                decode(r, accepted, dead);
            }
        } catch (SchemaRegistryUnavailableException e) {
            retryLater(batch, "the schema registry is unavailable while decoding prompts", e);
            return;
        }

        SamplingConfig sampling = config.sampling().withSeed(seeds.nextLong());
        GradMode.disableOnThisThread();
        long[] lap = {clock.now()};
        GroupRollout.Batch rolled = rollout.roll(accepted, sampling, groupIds::next, new GroupRollout.Phases() {
            @Override
            public void sampled() {
                lap[0] = clock.lap(GeneratorTime.SAMPLING, StageClock.Kind.BUSY, lap[0]);
            }

            @Override
            public void verified() {
                lap[0] = clock.lap(GeneratorTime.VERIFYING, StageClock.Kind.BUSY, lap[0]);
            }
        });
        long version = model.version();
        int k = rollout.groupSize();

        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> d : dead) {
                producer.send(d);
            }
            String topic = config.topics().trajectories();
            for (GroupRollout.Group group : rolled.groups()) {
                byte[] key = group.groupId().getBytes(StandardCharsets.UTF_8);
                String promptId = group.prompt().prompt().getPromptId();
                for (int j = 0; j < k; j++) {
                    Trajectory t = group.trajectories().get(j);
                    producer.send(new ProducerRecord<>(topic, key, trajectorySerializer.serialize(topic, t)));
                    hook.afterSend(new SentView(promptId, group.groupId(), j, k));
                }
            }
            producer.sendOffsetsToTransaction(nextOffsets(batch), prompts.groupMetadata());
            producer.commitTransaction();
            clock.lap(GeneratorTime.PUBLISHING, StageClock.Kind.BUSY, lap[0]);
        } catch (SimulatedCrash e) {
            throw e;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            throw new IllegalStateException("generator " + config.generatorId() + " cannot continue: " + e
                    + (e instanceof ProducerFencedException ? " (another worker runs with the same generator id "
                    + config.generatorId() + "; give every worker its own --generator-id)" : ""), e);
        } catch (KafkaException | SchemaRegistryUnavailableException e) {
            abortQuietly();
            retryLater(batch, "publishing a batch failed; its transaction was aborted", e);
            return;
        } catch (RuntimeException e) {
            // A bug, a failing hook or a registry that refuses the request (4xx: wrong URL, no access, an
            // incompatible schema): nothing of the batch may become visible; the worker stops.
            abortQuietly();
            throw e;
        }
        groupsWithLoaded += accepted.size();
        stats.committed(accepted.size(), rolled.samples(), dead.size(), rolled.samplingMs(), version);
    }

    private void decode(ConsumerRecord<byte[], byte[]> r, List<RolloutPrompt> accepted, List<ProducerRecord<byte[], byte[]>> dead) {
        Prompt p;
        try {
            p = promptDecoder.decode(r);
        } catch (WireFormatException e) {
            dead.add(DeadLetters.of(r, config.topics().dlq(), e.getMessage(), e, config.generatorId()));
            LOG.warn("generator {}: prompt record sent to {}: {}", config.generatorId(), config.topics().dlq(), e.getMessage());
            return;
        }
        try {
            accepted.add(RolloutPrompt.of(p, model));
        } catch (IllegalArgumentException e) {
            String reason = "topic " + r.topic() + " partition " + r.partition() + " offset " + r.offset() + ": prompt "
                    + p.getPromptId() + " cannot be sampled by policy version " + model.version() + ": " + e.getMessage();
            dead.add(DeadLetters.of(r, config.topics().dlq(), reason, e, config.generatorId()));
            LOG.warn("generator {}: prompt record sent to {}: {}", config.generatorId(), config.topics().dlq(), reason);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetAndMetadata prev = out.get(tp);
            if (prev == null || prev.offset() < r.offset() + 1) {
                out.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return out;
    }

    /** Rewinds every partition with a record in the batch or the buffer to its first such record. */
    private void retryLater(List<ConsumerRecord<byte[], byte[]>> batch, String what, RuntimeException e) {
        stats.aborted();
        LOG.warn("generator {}: {}: {}; retrying the batch in {} ms", config.generatorId(), what, e.toString(), ERROR_BACKOFF_MS);
        Map<TopicPartition, Long> first = new HashMap<>();
        for (Collection<ConsumerRecord<byte[], byte[]>> records : List.of(batch, pending)) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
        }
        pending.clear();
        Set<TopicPartition> assigned = prompts.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                prompts.seek(tp, offset);
            }
        });
        try {
            Thread.sleep(ERROR_BACKOFF_MS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.warn("generator {}: abort failed: {}", config.generatorId(), e.toString());
        }
    }

    // ---------------------------------------------------------------- policy

    private GateState state() {
        long latest = follower.latest().map(PolicyVersion::getVersion).orElse(-1L);
        return new GateState(model == null ? -1 : model.version(), latest, groupsWithLoaded);
    }

    /**
     * Polls the policy topic and loads a newer version if one is announced (between batches only);
     * returns the nanoseconds spent loading (recorded as {@link GeneratorTime#POLICY_LOAD}).
     */
    private long refreshPolicy(Duration wait) {
        Optional<PolicyVersion> latest = follower.poll(wait);
        if (latest.isEmpty()) {
            return 0;
        }
        PolicyVersion v = latest.get();
        if (model != null && v.getVersion() <= model.version()) {
            return 0;
        }
        if (v.getVersion() == failedVersion && System.currentTimeMillis() - failedAtMs < LOAD_RETRY_MS) {
            return 0;
        }
        long t0 = System.nanoTime();
        PolicyModel loaded;
        try {
            loaded = loader.load(v);
        } catch (RuntimeException e) {
            long spent = System.nanoTime() - t0;
            clock.add(GeneratorTime.POLICY_LOAD, StageClock.Kind.BUSY, spent);
            failedVersion = v.getVersion();
            failedAtMs = System.currentTimeMillis();
            stats.loadFailed();
            LOG.warn("generator {}: policy version {} not loaded, keeping version {}: {}", config.generatorId(), v.getVersion(),
                    model == null ? "none" : model.version(), e.getMessage());
            return spent;
        }
        PolicyModel old = model;
        model = loaded;
        rollout = new GroupRollout(loaded, config.generatorId(), config.groupSize(), verifier);
        groupsWithLoaded = 0;
        if (old != null) {
            old.close();
        }
        stats.loaded(v.getVersion());
        long loading = System.nanoTime() - t0;
        clock.add(GeneratorTime.POLICY_LOAD, StageClock.Kind.BUSY, loading);
        LOG.info("generator {}: loaded policy version {} from {} in {} ms", config.generatorId(), v.getVersion(),
                v.getCheckpointUri(), loading / 1_000_000);
        return loading;
    }

    // ---------------------------------------------------------------- consumer plumbing

    private void pauseAll() {
        Set<TopicPartition> assigned = prompts.assignment();
        prompts.pause(assigned);
        paused.addAll(assigned);
    }

    private void resumeAll() {
        if (!paused.isEmpty()) {
            paused.retainAll(prompts.assignment());
            prompts.resume(paused);
            paused.clear();
        }
    }

    /** Drops buffered records of partitions this worker no longer owns; their new owner reads them from the committed offset. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("generator {}: assigned {}", config.generatorId(), partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            paused.removeAll(partitions);
        }
    }

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

    private synchronized void closeClients(boolean crashed) {
        if (closed) {
            return;
        }
        closed = true;
        Duration grace = crashed ? Duration.ZERO : Duration.ofSeconds(10);
        try {
            producer.close(grace);
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the producer: {}", config.generatorId(), e.toString());
        }
        try {
            prompts.close(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the prompt consumer: {}", config.generatorId(), e.toString());
        }
        try {
            follower.close();
        } catch (RuntimeException e) {
            LOG.warn("generator {}: closing the policy follower: {}", config.generatorId(), e.toString());
        }
        verifier.close();
        if (model != null) {
            model.close();
            model = null;
        }
        LOG.info("generator {} stopped: {}", config.generatorId(), stats);
    }

    private void requireNotStarted() {
        if (started.get()) {
            throw new IllegalStateException("generator " + config.generatorId() + " is already running");
        }
    }
}
