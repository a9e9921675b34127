package dev.progrs.cli.topics;

import dev.progrs.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topic set of docs/architecture.md ("Topics") with its configs: keyed topics with {@code partitions} partitions,
 * {@code progrs.policy} and the schema topic compacted, trajectories and scores retained long
 * enough to be replayed.
 *
 * @param partitions        partitions of the keyed data topics (prompts, trajectories, scored, advantages)
 * @param replicationFactor replication factor of every topic (1 on the embedded broker, 3 in a cluster)
 * @param minInsyncReplicas {@code min.insync.replicas} of every topic
 * @param replayRetention   retention of trajectories, scored trajectories and advantages ({@code null}: forever)
 */
public record TopicLayout(int partitions, short replicationFactor, int minInsyncReplicas, Duration replayRetention) {
    /** Single-node defaults: 6 partitions, replication 1, replay data kept 30 days. */
    public static TopicLayout embeddedDefaults() {
        return new TopicLayout(6, (short) 1, 1, Duration.ofDays(30));
    }

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("--replication-factor must be >= 1, got " + replicationFactor);
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("--min-insync-replicas must be in 1.." + replicationFactor + ", got " + minInsyncReplicas);
        }
    }

    /** The specs of every pipeline topic, in data-flow order. */
    public List<TopicSpec> specs() {
        String isr = String.valueOf(minInsyncReplicas);
        String replayMs = replayRetention == null ? "-1" : String.valueOf(replayRetention.toMillis());
        Map<String, String> replay = Map.of("retention.ms", replayMs, "retention.bytes", "-1", "min.insync.replicas", isr);
        Map<String, String> compacted = Map.of("cleanup.policy", "compact", "min.insync.replicas", isr,
                "min.compaction.lag.ms", "0", "segment.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        Map<String, String> plain = Map.of("min.insync.replicas", isr);
        return List.of(
                new TopicSpec(Topics.PROMPTS, partitions, plain),
                new TopicSpec(Topics.TRAJECTORIES, partitions, replay),
                new TopicSpec(Topics.SCORED, partitions, replay),
                new TopicSpec(Topics.ADVANTAGES, partitions, replay),
                new TopicSpec(Topics.POLICY, 1, compacted),
                new TopicSpec(Topics.DRIFT, 1, plain),
                new TopicSpec(Topics.DLQ, Math.min(partitions, 3), replay),
                // Schemas must never expire: compaction only, no retention limit.
                new TopicSpec(Topics.SCHEMAS, 1, Map.of("cleanup.policy", "compact", "retention.ms", "-1",
                        "min.insync.replicas", isr)));
    }
}
