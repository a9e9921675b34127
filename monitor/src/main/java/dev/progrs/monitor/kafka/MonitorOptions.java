package dev.progrs.monitor.kafka;

import dev.progrs.schemas.Topics;
import java.util.Map;
import java.util.Objects;

/**
 * Where the monitor reads and writes.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId          consumer group of the live monitor (its own; never a pipeline stage's)
 * @param scoredTopic      scored trajectories (default progrs.scored)
 * @param advantagesTopic  group advantages (default progrs.advantages)
 * @param driftTopic       where alerts go (default progrs.drift)
 * @param publishAlerts    whether alerts are written to {@code driftTopic}
 * @param clientOverrides  extra consumer/producer properties (SASL, TLS: the client settings of {@code --kafka-config});
 *                         the monitor sets its group, isolation and offsets after them
 */
public record MonitorOptions(String bootstrapServers, String groupId, String scoredTopic, String advantagesTopic,
                             String driftTopic, boolean publishAlerts, Map<String, String> clientOverrides) {
    /** The live monitor's default consumer group. */
    public static final String DEFAULT_GROUP_ID = "progrs-monitor";

    public MonitorOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(scoredTopic, "scoredTopic");
        Objects.requireNonNull(advantagesTopic, "advantagesTopic");
        Objects.requireNonNull(driftTopic, "driftTopic");
        clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
    }

    /** Options without extra client properties. */
    public MonitorOptions(String bootstrapServers, String groupId, String scoredTopic, String advantagesTopic,
                          String driftTopic, boolean publishAlerts) {
        this(bootstrapServers, groupId, scoredTopic, advantagesTopic, driftTopic, publishAlerts, Map.of());
    }

    /** The pipeline's topics, group {@value #DEFAULT_GROUP_ID}, alerts published. */
    public static MonitorOptions defaults(String bootstrapServers) {
        return new MonitorOptions(bootstrapServers, DEFAULT_GROUP_ID, Topics.SCORED, Topics.ADVANTAGES, Topics.DRIFT, true, Map.of());
    }

    /** The same with {@code publishAlerts} replaced. */
    public MonitorOptions withPublishAlerts(boolean publish) {
        return new MonitorOptions(bootstrapServers, groupId, scoredTopic, advantagesTopic, driftTopic, publish, clientOverrides);
    }

    /** The same with {@code groupId} replaced. */
    public MonitorOptions withGroupId(String id) {
        return new MonitorOptions(bootstrapServers, id, scoredTopic, advantagesTopic, driftTopic, publishAlerts, clientOverrides);
    }

    /** The same with the extra client properties replaced. */
    public MonitorOptions withClientOverrides(Map<String, String> overrides) {
        return new MonitorOptions(bootstrapServers, groupId, scoredTopic, advantagesTopic, driftTopic, publishAlerts, overrides);
    }
}
