package dev.progrs.learner.worker;

import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the learner worker, validated on construction; every error names the key, the bad
 * value and what is accepted.
 *
 * @param grpo               the update (B, U, ε, loss-agg, β, lr, max-staleness, temperature)
 * @param sync               key {@code sync}: synchronous (on-policy) mode — only groups sampled by the current
 *                           version are trained on (max-staleness forced to 0), and the generators, run with
 *                           their sync gate, wait for each new version before their next batch of prompts
 * @param batchTimeout       key {@code batch-timeout}: train on a batch with fewer than B groups once its first
 *                           group has waited this long; 0 = always wait for B (default 0 async, 60 s in sync
 *                           mode, where a lost group would otherwise stall generators and learner alike)
 * @param consumerGroup      key {@code consumer-group}: group whose committed offsets mark the trained batches
 * @param transactionalId    key {@code transactional-id}: stable across restarts, so a restarted learner fences
 *                           its previous incarnation and aborts what it left open
 * @param pollTimeout        key {@code poll-timeout}: longest wait for input records
 * @param transactionTimeout key {@code transaction-timeout}: broker-side abort of an abandoned transaction
 * @param maxVersions        key {@code max-versions}: stop after publishing this many versions; 0 = run until stopped
 * @param advantagesTopic    input topic
 * @param policyTopic        output topic of the versions (compacted)
 * @param dlqTopic           dead-letter topic
 */
public record LearnerConfig(GrpoConfig grpo, boolean sync, Duration batchTimeout, String consumerGroup, String transactionalId,
                            Duration pollTimeout, Duration transactionTimeout, long maxVersions,
                            String advantagesTopic, String policyTopic, String dlqTopic) {

    public static final String DEFAULT_CONSUMER_GROUP = "progrs-learner";
    public static final String DEFAULT_TRANSACTIONAL_ID = "progrs-learner";
    public static final Duration DEFAULT_SYNC_BATCH_TIMEOUT = Duration.ofSeconds(60);

    public LearnerConfig {
        Objects.requireNonNull(grpo, "grpo");
        if (sync && grpo.maxStaleness() != 0) {
            grpo = grpo.withMaxStaleness(0);
        }
        if (batchTimeout == null || batchTimeout.isNegative()) {
            throw new InvalidSettingException("batch-timeout", batchTimeout, "a duration >= 0 (0 = wait for a full batch)");
        }
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new InvalidSettingException("consumer-group", consumerGroup, "a non-blank consumer group id");
        }
        if (transactionalId == null || transactionalId.isBlank()) {
            throw new InvalidSettingException("transactional-id", transactionalId, "a non-blank id, stable across restarts");
        }
        if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero() || pollTimeout.toMillis() > 60_000) {
            throw new InvalidSettingException("poll-timeout", pollTimeout, "a duration in (0, 60 s]");
        }
        if (transactionTimeout == null || transactionTimeout.toMillis() < 1_000 || transactionTimeout.toMillis() > 900_000) {
            throw new InvalidSettingException("transaction-timeout", transactionTimeout, "a duration in [1 s, 15 min]");
        }
        if (maxVersions < 0) {
            throw new InvalidSettingException("max-versions", maxVersions, "an integer >= 0 (0 = run until stopped)");
        }
        for (String[] t : new String[][] {{"advantages-topic", advantagesTopic}, {"policy-topic", policyTopic}, {"dlq-topic", dlqTopic}}) {
            if (t[1] == null || !t[1].matches("[A-Za-z0-9._-]{1,249}")) {
                throw new InvalidSettingException(t[0], t[1], "a Kafka topic name");
            }
        }
    }

    /** Asynchronous defaults on the pipeline topics. */
    public static LearnerConfig defaults(GrpoConfig grpo) {
        return new LearnerConfig(grpo, false, Duration.ZERO, DEFAULT_CONSUMER_GROUP, DEFAULT_TRANSACTIONAL_ID,
                Duration.ofMillis(200), Duration.ofSeconds(60), 0, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ);
    }

    /** Synchronous mode (max-staleness 0); a zero batch timeout becomes {@link #DEFAULT_SYNC_BATCH_TIMEOUT}. */
    public LearnerConfig withSync(boolean s) {
        Duration t = s && batchTimeout.isZero() ? DEFAULT_SYNC_BATCH_TIMEOUT : batchTimeout;
        return new LearnerConfig(grpo, s, t, consumerGroup, transactionalId, pollTimeout, transactionTimeout, maxVersions,
                advantagesTopic, policyTopic, dlqTopic);
    }

    public LearnerConfig withBatchTimeout(Duration t) {
        return new LearnerConfig(grpo, sync, t, consumerGroup, transactionalId, pollTimeout, transactionTimeout, maxVersions,
                advantagesTopic, policyTopic, dlqTopic);
    }

    public LearnerConfig withIds(String group, String txId) {
        return new LearnerConfig(grpo, sync, batchTimeout, group, txId, pollTimeout, transactionTimeout, maxVersions,
                advantagesTopic, policyTopic, dlqTopic);
    }

    public LearnerConfig withMaxVersions(long n) {
        return new LearnerConfig(grpo, sync, batchTimeout, consumerGroup, transactionalId, pollTimeout, transactionTimeout, n,
                advantagesTopic, policyTopic, dlqTopic);
    }

    public LearnerConfig withPollTimeout(Duration t) {
        return new LearnerConfig(grpo, sync, batchTimeout, consumerGroup, transactionalId, t, transactionTimeout, maxVersions,
                advantagesTopic, policyTopic, dlqTopic);
    }

    public LearnerConfig withTopics(String advantages, String policy, String dlq) {
        return new LearnerConfig(grpo, sync, batchTimeout, consumerGroup, transactionalId, pollTimeout, transactionTimeout, maxVersions,
                advantages, policy, dlq);
    }

    /** Everything by key, for the start-up log and the checkpoint manifest. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(grpo.asMap());
        m.put("sync", Boolean.toString(sync));
        m.put("batch-timeout", batchTimeout.toString());
        m.put("consumer-group", consumerGroup);
        m.put("transactional-id", transactionalId);
        m.put("max-versions", Long.toString(maxVersions));
        m.put("topics", advantagesTopic + " -> " + policyTopic + " (dlq " + dlqTopic + ")");
        return m;
    }
}
