package dev.progrs.scorer.worker;

import dev.progrs.schemas.Topics;
import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Kafka side of a scorer worker. Validated on construction; errors name the key, the value and
 * what is accepted.
 *
 * @param bootstrapServers Kafka bootstrap servers (key {@code bootstrap-servers})
 * @param groupId          consumer group; workers of one group share the partitions (key {@code group-id}, default {@value #DEFAULT_GROUP})
 * @param inputTopic       trajectories (key {@code input-topic}, default {@value Topics#TRAJECTORIES})
 * @param outputTopic      scored trajectories (key {@code output-topic}, default {@value Topics#SCORED})
 * @param dlqTopic         dead letters (key {@code dlq-topic}, default {@value Topics#DLQ})
 * @param scorerId         this worker's id: on every output and in its transactional id (key {@code scorer-id})
 * @param maxPollRecords   records per poll and per transaction (key {@code max-poll-records}, ≥ 1)
 * @param pollTimeout      longest wait of one poll (key {@code poll-timeout})
 * @param expectedPrmSha256 if non-null, the PRM must have exactly this hash or the worker refuses to start (key {@code prm-sha256})
 * @param clientOverrides  extra consumer/producer properties (SASL, TLS: the client settings of {@code --kafka-config});
 *                         the worker sets the ones exactly-once depends on after them
 */
public record ScorerWorkerConfig(String bootstrapServers, String groupId, String inputTopic, String outputTopic,
                                 String dlqTopic, String scorerId, int maxPollRecords, Duration pollTimeout,
                                 String expectedPrmSha256, Map<String, String> clientOverrides) {

    public static final String DEFAULT_GROUP = "progrs-scorer";

    public ScorerWorkerConfig {
        nonBlank("bootstrap-servers", bootstrapServers);
        nonBlank("group-id", groupId);
        nonBlank("input-topic", inputTopic);
        nonBlank("output-topic", outputTopic);
        nonBlank("dlq-topic", dlqTopic);
        nonBlank("scorer-id", scorerId);
        InvalidSettingException.require(maxPollRecords >= 1, "max-poll-records", maxPollRecords, "an integer >= 1");
        InvalidSettingException.require(pollTimeout != null && !pollTimeout.isNegative() && !pollTimeout.isZero(), "poll-timeout",
                pollTimeout, "a positive duration");
        InvalidSettingException.require(expectedPrmSha256 == null || expectedPrmSha256.matches("[0-9a-f]{64}"), "prm-sha256",
                expectedPrmSha256, "64 lower-case hex digits");
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
    }

    /** Default topics and group, 64 records per poll, 200 ms polls, a random scorer id. */
    public static ScorerWorkerConfig defaults(String bootstrapServers) {
        return new ScorerWorkerConfig(bootstrapServers, DEFAULT_GROUP, Topics.TRAJECTORIES, Topics.SCORED, Topics.DLQ,
                "scorer-" + UUID.randomUUID().toString().substring(0, 8), 64, Duration.ofMillis(200), null, Map.of());
    }

    public ScorerWorkerConfig withScorerId(String id) {
        return new ScorerWorkerConfig(bootstrapServers, groupId, inputTopic, outputTopic, dlqTopic, id, maxPollRecords,
                pollTimeout, expectedPrmSha256, clientOverrides);
    }

    public ScorerWorkerConfig withMaxPollRecords(int n) {
        return new ScorerWorkerConfig(bootstrapServers, groupId, inputTopic, outputTopic, dlqTopic, scorerId, n,
                pollTimeout, expectedPrmSha256, clientOverrides);
    }

    public ScorerWorkerConfig withGroupId(String g) {
        return new ScorerWorkerConfig(bootstrapServers, g, inputTopic, outputTopic, dlqTopic, scorerId, maxPollRecords,
                pollTimeout, expectedPrmSha256, clientOverrides);
    }

    public ScorerWorkerConfig withExpectedPrmSha256(String sha) {
        return new ScorerWorkerConfig(bootstrapServers, groupId, inputTopic, outputTopic, dlqTopic, scorerId, maxPollRecords,
                pollTimeout, sha, clientOverrides);
    }

    /** The same with the consumer's and producer's extra properties replaced (e.g. the cluster's security settings). */
    public ScorerWorkerConfig withClientOverrides(Map<String, String> overrides) {
        return new ScorerWorkerConfig(bootstrapServers, groupId, inputTopic, outputTopic, dlqTopic, scorerId, maxPollRecords,
                pollTimeout, expectedPrmSha256, overrides);
    }

    /** The transactional id: {@code progrs-scorer-<scorerId>}, unique per worker. */
    public String transactionalId() {
        return "progrs-scorer-" + scorerId;
    }

    /** One line for start-up logs. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bootstrap-servers", bootstrapServers);
        m.put("group-id", groupId);
        m.put("input-topic", inputTopic);
        m.put("output-topic", outputTopic);
        m.put("dlq-topic", dlqTopic);
        m.put("scorer-id", scorerId);
        m.put("max-poll-records", Integer.toString(maxPollRecords));
        m.put("poll-timeout", pollTimeout.toString());
        return m;
    }

    private static void nonBlank(String key, String value) {
        InvalidSettingException.require(value != null && !value.isBlank(), key, value, "a non-empty string");
    }
}
