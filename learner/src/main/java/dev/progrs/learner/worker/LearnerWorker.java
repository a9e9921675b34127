package dev.progrs.learner.worker;

import ai.djl.Device;
import dev.progrs.generator.policy.PolicyLoader;
import dev.progrs.learner.grpo.GrpoUpdater;
import dev.progrs.learner.grpo.SampleValidation;
import dev.progrs.learner.grpo.StalenessPolicy;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.GradMode;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.stage.clock.StageClock;
import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.stage.lifecycle.StageLifecycle;
import dev.progrs.stage.lifecycle.StageState;
import dev.progrs.stage.transaction.StageTransactions;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner: consumes {@code progrs.advantages}, trains the policy with GRPO on batches of B
 * groups, and publishes each new version to {@code progrs.policy}.
 *
 * <h2>Loop (one thread, the caller of {@link #run()})</h2>
 * <ol>
 *   <li>Take records until the batch holds B admitted groups (or, with a batch timeout, the first
 *       group has waited that long). A record that does not decode or breaks an invariant goes to
 *       {@code progrs.dlq} with the reason in headers; a group whose oldest sample is more than
 *       max-staleness versions behind is dropped and counted. Every record advances the batch's
 *       offsets.</li>
 *   <li>U optimiser steps on the batch ({@link GrpoUpdater}).</li>
 *   <li>Checkpoint version v+1 into the {@link CheckpointStore} (atomic and fsynced). Its manifest
 *       carries the {@link PendingVersion}: parent, the batch's offsets, counts and metrics.</li>
 *   <li>One Kafka transaction: the {@link PolicyVersion} record (key {@link Topics#POLICY_KEY}) and
 *       the batch's offsets ({@code sendOffsetsToTransaction}); commit.</li>
 * </ol>
 *
 * <h2>Crash safety: no version lost, none doubled, no batch trained twice</h2>
 * The announced versions and the committed offsets change together, in one transaction, and only
 * after the checkpoint they name is durable. At start-up the learner (a) initialises transactions
 * with its fixed transactional id, which fences a previous incarnation and aborts whatever it left
 * open; (b) reads the highest committed version V from {@code progrs.policy}; (c) looks in the store
 * for a checkpoint V+1: one exists only if the previous incarnation died between step 3 and the
 * commit of step 4. Its manifest's {@link PendingVersion} holds exactly what that commit would have
 * written, so the learner <em>rolls it forward</em> — announces the identical record and commits the
 * recorded offsets in one transaction — instead of training the batch again (the store refuses to
 * overwrite a version, and the update was already paid for). (d) It loads the checkpoint of the
 * newest version through the generators' {@link PolicyLoader} (its checkpoint hash, over manifest and
 * weights, checked against the announcement) and consumes from the committed offsets. Steps (b) and
 * (c) are {@link VersionRecovery}; steps 3 and 4 of the loop are {@link VersionPublisher}. A crash before the checkpoint is durable leaves nothing
 * but a temporary directory, which the next start-up deletes before (b): the batch is consumed and
 * trained again from V.
 *
 * <p>What a restart does lose: Adam's moment estimates (in memory only; they restart from zero),
 * and dead letters are at-least-once (sent in their own small transaction as soon as a poison record
 * is seen, so a crash before the batch commits may repeat one, never lose one).
 *
 * <p>With no version on {@code progrs.policy} yet, the learner stores the {@code init} checkpoint
 * (the warm start) as its version and announces it, so the generators can start.
 *
 * <p>The learner is a single process: it assigns itself every partition of the input topic
 * (no group rebalancing during a long update), and commits offsets under its consumer group.
 * Any error while publishing stops the worker; restarting it recovers as above. The one exception
 * is a schema registry that cannot answer ({@link SchemaRegistryUnavailableException}) while a
 * group or a policy announcement is decoded or an announcement encoded: nothing is wrong with the
 * record, so the learner waits and asks again, as long as the outage lasts, and never
 * dead-letters the record or stops for it. A registry that refuses the request (4xx) stops it.
 * {@link #shutdown()} (any thread) makes {@link #run()} return after the current batch; no thread
 * is left running.
 */
public final class LearnerWorker implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LearnerWorker.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** Pause before the registry is asked again after it could not answer (its client has retried already). */
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(1);

    private final LearnerConfig config;
    private final Properties clientProperties;
    private final CheckpointStore store;
    private final Device device;
    private final Path referenceCheckpoint;
    private final RecordDecoder<GroupAdvantages> decoder;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private final BatchAssembler assembler;
    private final LearnerStats stats = new LearnerStats();
    private final StageClock clock = new StageClock("learner");
    private final StageLifecycle lifecycle = new StageLifecycle("learner");
    private final StageTransactions deadLetterTransactions;
    private final VersionPublisher publisher;
    private final VersionRecovery recovery;
    private final Map<String, String> manifestSettings;

    private LearnerHook hook = LearnerHook.NONE;
    private PolicyModel model;
    private PolicyModel reference;
    private GrpoUpdater updater;
    private PolicyVersion current;
    private long staleDroppedTotal;
    private long deadLetteredTotal;

    /**
     * Creates the Kafka clients; nothing is read before {@link #run()}.
     *
     * @param initCheckpoint      warm-start checkpoint directory announced when {@code progrs.policy} is empty (may be null)
     * @param referenceCheckpoint frozen reference policy for β &gt; 0 (null: the store's lowest version)
     */
    public LearnerWorker(LearnerConfig config, Properties clientProperties, SchemaRegistry registry, CheckpointStore store,
                         Device device, Path initCheckpoint, Path referenceCheckpoint) {
        this.config = config;
        this.clientProperties = new Properties();
        this.clientProperties.putAll(clientProperties);
        this.store = store;
        this.device = device;
        this.referenceCheckpoint = referenceCheckpoint;
        this.decoder = RecordDecoder.of(GroupAdvantages.class, registry);
        this.assembler = new BatchAssembler(config.grpo().batchGroups(), new StalenessPolicy(config.grpo().maxStaleness()));
        this.manifestSettings = config.asMap();
        KafkaConsumer<byte[], byte[]> c = null;
        try {
            c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            if (c != null) {
                c.close(Duration.ZERO);
            }
            throw e;
        }
        this.consumer = c;
        StageTransactions transactions = new StageTransactions(lifecycle.stage(), producer, "another learner runs with the transactional id "
                + config.transactionalId() + "; run one learner per pipeline");
        this.deadLetterTransactions = transactions;
        this.publisher = new VersionPublisher(config.policyTopic(), store, AvroSerde.of(PolicyVersion.class, registry).serializer(),
                transactions, consumer::groupMetadata, this::pauseForRegistry, () -> hook);
        this.recovery = new VersionRecovery(store, this.clientProperties, config.policyTopic(), RecordDecoder.of(PolicyVersion.class, registry),
                METADATA_TIMEOUT, initCheckpoint, publisher, stats, lifecycle::isStopRequested);
    }

    /** Installs a hook observing each publication (crash tests, drills). Before {@link #run()}. */
    public LearnerWorker hook(LearnerHook newHook) {
        if (lifecycle.state() != StageState.CREATED) {
            throw new IllegalStateException("the hook must be set before run()");
        }
        this.hook = newHook;
        return this;
    }

    public LearnerConfig config() {
        return config;
    }

    public LearnerStats stats() {
        return stats;
    }

    /** Where the learner's time goes ({@link LearnerActivity} names the activities); any thread. */
    public StageClock clock() {
        return clock;
    }

    /** Where the learner is in its life; any thread. */
    public StageState state() {
        return lifecycle.state();
    }

    @Override
    public void run() {
        lifecycle.run(() -> {
            GradMode.disableOnThisThread(); // only the updater's gradient collector records a graph
            LOG.info("learner: {}", config.asMap());
            producer.initTransactions();
            recover();
            List<TopicPartition> parts = partitions(config.advantagesTopic());
            consumer.assign(parts);
            LOG.info("learner: at policy version {}, consuming {} partitions of {} as group {}", current.getVersion(), parts.size(),
                    config.advantagesTopic(), config.consumerGroup());
            clock.start();
            while (lifecycle.isRunning() && (config.maxVersions() == 0 || stats.versionsPublished() < config.maxVersions())) {
                step();
            }
        }, end -> {
            clock.stop();
            closeAll(end == StageState.CRASHED);
        });
    }

    /** Asks {@link #run()} to return after the current batch; any thread, returns at once. Before {@link #run()}: closes the learner. */
    public void shutdown() {
        if (lifecycle.requestStop() == StageState.CREATED) {
            closeAll(false);
            return;
        }
        consumer.wakeup();
    }

    /** Waits until {@link #run()} has returned and released everything, at most {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(timeout);
    }

    @Override
    public void close() {
        shutdown();
        try {
            if (!awaitTermination(Duration.ofSeconds(120))) {
                LOG.warn("learner did not stop within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- start-up and recovery

    /** Recovers the version to continue from ({@link VersionRecovery}) and loads its policy, verified as announced. */
    private void recover() {
        PolicyVersion latest = recovery.recover();
        current = latest;
        model = new PolicyLoader(store, device).load(latest);
        if (config.grpo().beta() > 0) {
            reference = loadReference();
        }
        updater = new GrpoUpdater(model, reference, config.grpo());
        staleDroppedTotal = Math.round(latest.getMetrics().getOrDefault("groups-dropped-stale-total", 0.0));
        deadLetteredTotal = Math.round(latest.getMetrics().getOrDefault("dead-letters-total", 0.0));
        stats.current(latest.getVersion());
    }

    private PolicyModel loadReference() {
        try {
            Path dir = referenceCheckpoint;
            if (dir == null) {
                dir = store.get(store.list().get(0).uri());
            }
            LOG.info("learner: reference policy for the KL term: {}", dir);
            return PolicyCheckpoint.load(dir, device, model.config(), model.tokenizer());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference checkpoint: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- the loop

    private void step() {
        long lap = clock.now();
        if (pending.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(config.pollTimeout())) {
                pending.add(r);
            }
            lap = clock.lap(LearnerActivity.BATCH_WAIT, lap);
        }
        List<ProducerRecord<byte[], byte[]>> dead = new ArrayList<>();
        boolean registryDown = false;
        while (!pending.isEmpty() && !assembler.full()) {
            ConsumerRecord<byte[], byte[]> r = pending.poll();
            try {
                take(r, dead);
            } catch (SchemaRegistryUnavailableException e) {
                // not the record's fault: keep it first in line and read it again once the registry answers
                pending.addFirst(r);
                registryDown = true;
                LOG.warn("learner: {}-{}@{} not read yet, the schema registry is unavailable; retrying in {} ms: {}", r.topic(),
                        r.partition(), r.offset(), REGISTRY_BACKOFF.toMillis(), e.getMessage());
                break;
            }
        }
        if (!dead.isEmpty()) {
            sendDeadLetters(dead);
        }
        clock.lap(LearnerActivity.ASSEMBLING, lap);
        if (registryDown) {
            pauseForRegistry();
            return;
        }
        boolean timedOut = !assembler.isEmpty() && !config.batchTimeout().isZero()
                && System.currentTimeMillis() - assembler.firstGroupAtMs() >= config.batchTimeout().toMillis();
        if (assembler.full() || timedOut) {
            if (timedOut) {
                LOG.info("learner: batch timeout {}: training on {} of {} groups", config.batchTimeout(), assembler.groups().size(),
                        config.grpo().batchGroups());
            }
            publishNext();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r, List<ProducerRecord<byte[], byte[]>> dead) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.value() == null) {
            assembler.skip(tp, r.offset());
            return;
        }
        GroupAdvantages g;
        try {
            g = decoder.decode(r);
        } catch (WireFormatException e) {
            deadLetter(r, e.getMessage(), e, dead);
            assembler.skip(tp, r.offset());
            return;
        }
        Optional<String> problem = SampleValidation.problem(g, model.config().vocabSize(), model.config().context());
        if (problem.isPresent()) {
            deadLetter(r, problem.get(), null, dead);
            assembler.skip(tp, r.offset());
            return;
        }
        if (assembler.offer(tp, r.offset(), g, current.getVersion(), System.currentTimeMillis()) == BatchAssembler.Outcome.STALE) {
            LOG.debug("learner: dropped stale group {} (versions {}..{}, current {})", g.getGroupId(), g.getPolicyVersionMin(),
                    g.getPolicyVersionMax(), current.getVersion());
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause, List<ProducerRecord<byte[], byte[]>> dead) {
        LOG.warn("learner: dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
        dead.add(DeadLetters.of(r, config.dlqTopic(), DeadLetters.STAGE_LEARNER, reason, cause));
    }

    private void sendDeadLetters(List<ProducerRecord<byte[], byte[]>> dead) {
        deadLetterTransactions.commit(tx -> dead.forEach(tx::send));
        for (int i = 0; i < dead.size(); i++) {
            stats.countDeadLetter();
            deadLetteredTotal++;
        }
    }

    /** Steps 2–4 of the loop for the assembled batch. */
    private void publishNext() {
        List<GroupAdvantages> groups = assembler.groups();
        long parent = current.getVersion();
        long next = parent + 1;
        long lap = clock.now();
        UpdateMetrics metrics = updater.update(groups, parent);
        lap = clock.lap(LearnerActivity.UPDATE, lap);
        hook.afterUpdate(next);
        int samples = metrics.samples();
        staleDroppedTotal += assembler.staleDropped();
        stats.staleDropped(assembler.staleDropped());
        Map<String, Double> m = new LinkedHashMap<>(metrics.asMap());
        m.put("tokens-per-second", metrics.tokensPerSecond(metrics.optimizerSteps() == 0 ? 1 : metrics.optimizerSteps()));
        m.put("groups-dropped-stale", (double) assembler.staleDropped());
        m.put("groups-dropped-stale-total", (double) staleDroppedTotal);
        m.put("dead-letters-total", (double) deadLetteredTotal);
        m.put("records-skipped", (double) assembler.skipped());
        m.put("skipped-steps-total", (double) (updater.skippedSteps()));
        m.put("sync", config.sync() ? 1.0 : 0.0);
        PendingVersion pendingVersion = new PendingVersion(next, parent, assembler.offsets(), current.getGroupsConsumed() + groups.size(),
                current.getRolloutsConsumed() + samples, System.currentTimeMillis(), m);
        model.setVersion(next);
        Map<String, String> meta = new LinkedHashMap<>(manifestSettings);
        meta.putAll(pendingVersion.toManifestMetadata());
        VersionPublisher.Stored stored = publisher.checkpoint(model, next, meta);
        lap = clock.lap(LearnerActivity.CHECKPOINT, lap);
        hook.afterCheckpoint(next);
        PolicyVersion announced = pendingVersion.announcement(stored.uri(), stored.checkpointSha256());
        publisher.announce(announced, pendingVersion.offsets());
        clock.lap(LearnerActivity.PUBLISHING, lap);
        current = announced;
        stats.published(next, groups.size(), metrics);
        assembler.clear();
        LOG.info("learner: version {} from {} groups ({} stale dropped): {}", next, groups.size(), (long) (double) m.get("groups-dropped-stale"),
                metrics.describe());
    }

    /** Waits before the registry is asked again; a stop requested meanwhile ends {@link #run()} (as a wake-up). */
    private void pauseForRegistry() {
        stats.countRegistryWait();
        if (lifecycle.isStopRequested() || !lifecycle.pause(REGISTRY_BACKOFF)) {
            throw new WakeupException();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("input topic " + topic + " does not exist; create the pipeline topics first (progrs topics)");
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(16, config.grpo().batchGroups()));
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        return p;
    }

    /** Called once: by {@link #run()} when it ends, or by {@link #shutdown()} when it never ran. */
    private void closeAll(boolean crashed) {
        Duration t = crashed ? Duration.ZERO : Duration.ofSeconds(10);
        try {
            consumer.close(t);
        } catch (RuntimeException e) {
            LOG.warn("learner: closing the consumer: {}", e.toString());
        }
        try {
            producer.close(t);
        } catch (RuntimeException e) {
            LOG.warn("learner: closing the producer: {}", e.toString());
        }
        if (updater != null) {
            updater.close();
        }
        if (reference != null) {
            reference.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
