package dev.progrs.generator.worker;

import dev.progrs.generator.rollout.GroupRollout;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one generator worker, validated on construction; every error names the key, the bad
 * value and what is accepted.
 *
 * @param generatorId        key {@code generator-id}: this worker's id, unique among running workers
 *                           and stable across its restarts; also its transactional id
 *                           {@code progrs-generator-<id>}, so a restarted worker fences its
 *                           previous incarnation and aborts the group it left open
 * @param groupSize          key {@code group-size}: K samples per prompt, ≥ 1
 * @param promptsPerBatch    key {@code prompts-per-batch}: groups sampled together in one batched
 *                           decode and published in one transaction, ≥ 1
 * @param sampling           temperature, top-p, max-new-tokens (the seed is replaced per batch)
 * @param maxStaleness       key {@code max-staleness}: take no prompts while the loaded policy is more
 *                           than this many versions behind the newest announced one, ≥ 0
 * @param seed               key {@code seed}: seed of the per-batch sampling seeds
 * @param consumerGroup      key {@code consumer-group}: Kafka consumer group of the prompt readers
 * @param pollTimeout        key {@code poll-timeout}: longest wait for prompts or policy records
 * @param batchLinger        key {@code batch-linger}: once a prompt has arrived, how long to keep
 *                           polling for more to fill a batch of {@code prompts-per-batch}
 * @param transactionTimeout key {@code transaction-timeout}: the broker aborts a group left open this
 *                           long by a worker that vanished without a successor
 * @param topics             topic names
 */
public record GeneratorConfig(String generatorId, int groupSize, int promptsPerBatch, SamplingConfig sampling,
                              int maxStaleness, long seed, String consumerGroup, Duration pollTimeout,
                              Duration batchLinger, Duration transactionTimeout, TopicNames topics) {

    /** Default consumer group of the generators. */
    public static final String DEFAULT_CONSUMER_GROUP = "progrs-generator";

    /** Default {@code batch-linger}. */
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(20);

    /** Topic names a worker reads and writes. */
    public record TopicNames(String prompts, String trajectories, String policy, String dlq) {
        public TopicNames {
            Objects.requireNonNull(prompts, "prompts");
            Objects.requireNonNull(trajectories, "trajectories");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(dlq, "dlq");
        }

        /** The pipeline's topics ({@link Topics}). */
        public static TopicNames defaults() {
            return new TopicNames(Topics.PROMPTS, Topics.TRAJECTORIES, Topics.POLICY, Topics.DLQ);
        }
    }

    public GeneratorConfig {
        if (generatorId == null || !generatorId.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new InvalidSettingException("generator-id", generatorId, "1-100 letters, digits, '_' or '-'");
        }
        if (groupSize < 1) {
            throw new InvalidSettingException("group-size", groupSize, "an integer >= 1");
        }
        if (promptsPerBatch < 1) {
            throw new InvalidSettingException("prompts-per-batch", promptsPerBatch, "an integer >= 1");
        }
        Objects.requireNonNull(sampling, "sampling");
        if (sampling.greedy()) {
            throw new InvalidSettingException("sampling", sampling, "sampling at a temperature (greedy groups would hold K identical samples)");
        }
        if (maxStaleness < 0) {
            throw new InvalidSettingException("max-staleness", maxStaleness, "an integer >= 0");
        }
        if (consumerGroup == null || consumerGroup.isBlank()) {
            throw new InvalidSettingException("consumer-group", consumerGroup, "a non-blank consumer group id");
        }
        if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero() || pollTimeout.toMillis() > 60_000) {
            throw new InvalidSettingException("poll-timeout", pollTimeout, "a duration in (0, 60 s]");
        }
        if (batchLinger == null || batchLinger.isNegative() || batchLinger.toMillis() > 10_000) {
            throw new InvalidSettingException("batch-linger", batchLinger, "a duration in [0, 10 s]");
        }
        if (transactionTimeout == null || transactionTimeout.toMillis() < 1_000 || transactionTimeout.toMillis() > 900_000) {
            throw new InvalidSettingException("transaction-timeout", transactionTimeout, "a duration in [1 s, 15 min]");
        }
        Objects.requireNonNull(topics, "topics");
    }

    /** The settings without {@code batchLinger}, which takes its default of 20 ms (kept for existing callers). */
    public GeneratorConfig(String generatorId, int groupSize, int promptsPerBatch, SamplingConfig sampling, int maxStaleness,
                           long seed, String consumerGroup, Duration pollTimeout, Duration transactionTimeout, TopicNames topics) {
        this(generatorId, groupSize, promptsPerBatch, sampling, maxStaleness, seed, consumerGroup, pollTimeout,
                DEFAULT_BATCH_LINGER, transactionTimeout, topics);
    }

    /** K = 8, one prompt per batch, batch linger 20 ms, T = 1, top-p 1, 96 new tokens, max-staleness 2 (docs/method.md §5). */
    public static GeneratorConfig defaults(String generatorId) {
        return new GeneratorConfig(generatorId, 8, 1, SamplingConfig.sample(1f, 1.0, GroupRollout.DEFAULT_MAX_NEW_TOKENS, 0L), 2, 0L,
                DEFAULT_CONSUMER_GROUP, Duration.ofMillis(200), DEFAULT_BATCH_LINGER, Duration.ofSeconds(60), TopicNames.defaults());
    }

    /** The Kafka transactional id of this worker. */
    public String transactionalId() {
        return "progrs-generator-" + generatorId;
    }

    public GeneratorConfig withGroupSize(int k) {
        return new GeneratorConfig(generatorId, k, promptsPerBatch, sampling, maxStaleness, seed, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withPromptsPerBatch(int p) {
        return new GeneratorConfig(generatorId, groupSize, p, sampling, maxStaleness, seed, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withSampling(SamplingConfig s) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, s, maxStaleness, seed, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withMaxStaleness(int m) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, sampling, m, seed, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withSeed(long s) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, sampling, maxStaleness, s, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withBatchLinger(Duration d) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, sampling, maxStaleness, seed, consumerGroup, pollTimeout,
                d, transactionTimeout, topics);
    }

    public GeneratorConfig withConsumerGroup(String g) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, sampling, maxStaleness, seed, g, pollTimeout,
                batchLinger, transactionTimeout, topics);
    }

    public GeneratorConfig withTopics(TopicNames t) {
        return new GeneratorConfig(generatorId, groupSize, promptsPerBatch, sampling, maxStaleness, seed, consumerGroup, pollTimeout,
                batchLinger, transactionTimeout, t);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "generator " + generatorId + ": K=" + groupSize + ", prompts-per-batch=" + promptsPerBatch + ", batch-linger="
                + batchLinger.toMillis() + " ms, temperature="
                + sampling.temperature() + ", top-p=" + sampling.topP() + ", max-new-tokens=" + sampling.maxNewTokens()
                + ", max-staleness=" + maxStaleness + ", seed=" + seed + ", consumer-group=" + consumerGroup
                + ", transactional-id=" + transactionalId() + ", topics=" + topics;
    }
}
