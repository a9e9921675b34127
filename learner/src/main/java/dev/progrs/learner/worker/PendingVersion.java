package dev.progrs.learner.worker;

import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.wire.PolicyVersion;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * A policy version the learner has trained but perhaps not yet announced: everything the
 * {@link PolicyVersion} record and the offset commit of its batch need. It is written into the
 * checkpoint's manifest (the {@code training} map, keys {@code learner.*}) before anything is
 * announced, so the checkpoint itself is the write-ahead record of the version: after a crash
 * between "checkpoint durable" and "transaction committed" the restarted learner reads it back
 * ({@link #fromManifest}) and completes the same announcement and the same offset commit.
 *
 * @param version          the new version (parent + 1)
 * @param parentVersion    the version it was trained from
 * @param offsets          next offset to consume per input partition, after this version's batch
 * @param groupsConsumed   groups trained on up to and including this version
 * @param rolloutsConsumed samples trained on up to and including this version
 * @param createdAtMs      when the version was made (kept, so a re-announcement is the identical record)
 * @param metrics          update metrics and counters for {@code PolicyVersion.metrics}
 */
public record PendingVersion(long version, long parentVersion, Map<TopicPartition, Long> offsets, long groupsConsumed,
                             long rolloutsConsumed, long createdAtMs, Map<String, Double> metrics) {

    static final String PREFIX = "learner.";
    static final String VERSION = PREFIX + "version";
    static final String PARENT = PREFIX + "parent-version";
    static final String OFFSETS = PREFIX + "offsets";
    static final String GROUPS = PREFIX + "groups-consumed";
    static final String ROLLOUTS = PREFIX + "rollouts-consumed";
    static final String CREATED = PREFIX + "created-at-ms";
    static final String METRIC = PREFIX + "metric.";

    public PendingVersion {
        if (version != parentVersion + 1) {
            throw new IllegalArgumentException("pending version " + version + " must be parent " + parentVersion + " + 1");
        }
        offsets = Map.copyOf(offsets);
        metrics = Map.copyOf(metrics);
    }

    /** The manifest metadata that records this version (merged into the checkpoint's {@code training} map). */
    public Map<String, String> toManifestMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VERSION, Long.toString(version));
        m.put(PARENT, Long.toString(parentVersion));
        m.put(OFFSETS, formatOffsets(offsets));
        m.put(GROUPS, Long.toString(groupsConsumed));
        m.put(ROLLOUTS, Long.toString(rolloutsConsumed));
        m.put(CREATED, Long.toString(createdAtMs));
        new TreeMap<>(metrics).forEach((k, v) -> m.put(METRIC + k, Double.toString(v)));
        return m;
    }

    /**
     * The pending version recorded in a checkpoint manifest, if the learner wrote it (a warm start
     * or a checkpoint from elsewhere has none).
     *
     * @throws IllegalStateException when the learner keys are present but unreadable
     */
    public static Optional<PendingVersion> fromManifest(CheckpointManifest manifest) {
        Map<String, String> t = manifest.training();
        if (!t.containsKey(VERSION)) {
            return Optional.empty();
        }
        try {
            Map<String, Double> metrics = new LinkedHashMap<>();
            t.forEach((k, v) -> {
                if (k.startsWith(METRIC)) {
                    metrics.put(k.substring(METRIC.length()), Double.parseDouble(v));
                }
            });
            return Optional.of(new PendingVersion(Long.parseLong(t.get(VERSION)), Long.parseLong(t.get(PARENT)),
                    parseOffsets(t.get(OFFSETS)), Long.parseLong(t.get(GROUPS)), Long.parseLong(t.get(ROLLOUTS)),
                    Long.parseLong(t.get(CREATED)), metrics));
        } catch (RuntimeException e) {
            throw new IllegalStateException("checkpoint manifest of policy version " + manifest.policyVersion()
                    + " has unreadable learner metadata " + t + ": " + e.getMessage(), e);
        }
    }

    /** The announcement of this version, stored at {@code uri} with weights hashing to {@code sha256}. */
    public PolicyVersion announcement(URI uri, String sha256) {
        return PolicyVersion.newBuilder()
                .setVersion(version)
                .setCheckpointUri(uri.toString())
                .setSha256(sha256)
                .setCreatedAtMs(createdAtMs)
                .setParentVersion(parentVersion)
                .setGroupsConsumed(groupsConsumed)
                .setRolloutsConsumed(rolloutsConsumed)
                .setMetrics(new LinkedHashMap<>(new TreeMap<>(metrics)))
                .build();
    }

    /** {@code topic:partition=offset,...} in partition order. */
    static String formatOffsets(Map<TopicPartition, Long> offsets) {
        StringBuilder sb = new StringBuilder();
        offsets.entrySet().stream()
                .sorted((a, b) -> a.getKey().topic().equals(b.getKey().topic())
                        ? Integer.compare(a.getKey().partition(), b.getKey().partition())
                        : a.getKey().topic().compareTo(b.getKey().topic()))
                .forEach(e -> {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(e.getKey().topic()).append(':').append(e.getKey().partition()).append('=').append(e.getValue());
                });
        return sb.toString();
    }

    static Map<TopicPartition, Long> parseOffsets(String text) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            int colon = part.lastIndexOf(':');
            int eq = part.indexOf('=', colon);
            if (colon < 1 || eq < 0) {
                throw new IllegalArgumentException("offset entry '" + part + "' is not topic:partition=offset");
            }
            out.put(new TopicPartition(part.substring(0, colon), Integer.parseInt(part.substring(colon + 1, eq))),
                    Long.parseLong(part.substring(eq + 1)));
        }
        return out;
    }
}
