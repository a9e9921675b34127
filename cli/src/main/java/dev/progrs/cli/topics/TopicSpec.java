package dev.progrs.cli.topics;

import java.util.Map;

/**
 * How one topic of the pipeline is laid out.
 *
 * @param name       topic name
 * @param partitions number of partitions (bounds the parallelism of its consumer group)
 * @param configs    topic-level configs (cleanup policy, retention, ...)
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }
}
