package dev.progrs.learner.worker;

import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.grpo.StalenessPolicy;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.wire.GroupAdvantages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Collects consumed records into one batch of B groups (no Kafka I/O: the worker feeds it).
 *
 * <p>Every record handed in — trained, dropped as stale, or skipped (dead-lettered, tombstone) —
 * advances the batch's offsets: they are committed together with the version trained on the batch,
 * so a stale or poison record is consumed exactly once along with it. Only admitted groups count
 * towards B.
 */
public final class BatchAssembler {

    /** What happened to an offered group. */
    public enum Outcome { ADDED, STALE }

    private final int batchGroups;
    private final StalenessPolicy staleness;
    private final List<GroupAdvantages> groups = new ArrayList<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private long staleDropped;
    private long skipped;
    private long firstGroupAtMs = -1;

    public BatchAssembler(int batchGroups, StalenessPolicy staleness) {
        InvalidSettingException.require(batchGroups >= 1, GrpoConfig.BATCH_GROUPS, batchGroups, "an integer >= 1");
        this.batchGroups = batchGroups;
        this.staleness = staleness;
    }

    /**
     * Offers a decoded, valid group read at {@code offset} of {@code partition}, for training version
     * {@code currentVersion}: added, or dropped (and counted) when older than max-staleness allows.
     */
    public Outcome offer(TopicPartition partition, long offset, GroupAdvantages group, long currentVersion, long nowMs) {
        if (full()) {
            throw new IllegalStateException("batch already holds " + batchGroups + " groups");
        }
        advance(partition, offset);
        if (!staleness.admits(group.getPolicyVersionMin(), currentVersion)) {
            staleDropped++;
            return Outcome.STALE;
        }
        if (groups.isEmpty()) {
            firstGroupAtMs = nowMs;
        }
        groups.add(group);
        return Outcome.ADDED;
    }

    /** A record that is not trained on (dead-lettered or empty) but is consumed with this batch. */
    public void skip(TopicPartition partition, long offset) {
        advance(partition, offset);
        skipped++;
    }

    public boolean full() {
        return groups.size() >= batchGroups;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** When the first group of this batch arrived, or -1. */
    public long firstGroupAtMs() {
        return firstGroupAtMs;
    }

    public List<GroupAdvantages> groups() {
        return List.copyOf(groups);
    }

    /** The offsets to commit with this batch: next offset per partition touched. */
    public Map<TopicPartition, Long> offsets() {
        return Map.copyOf(nextOffsets);
    }

    /** Groups dropped as stale in this batch. */
    public long staleDropped() {
        return staleDropped;
    }

    /** Records skipped in this batch. */
    public long skipped() {
        return skipped;
    }

    /** Starts the next batch. */
    public void clear() {
        groups.clear();
        nextOffsets.clear();
        staleDropped = 0;
        skipped = 0;
        firstGroupAtMs = -1;
    }

    private void advance(TopicPartition partition, long offset) {
        nextOffsets.merge(partition, offset + 1, Math::max);
    }
}
