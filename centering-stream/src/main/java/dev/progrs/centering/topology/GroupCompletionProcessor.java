package dev.progrs.centering.topology;

import dev.progrs.stage.deadletter.DeadLetters;
import dev.progrs.centering.group.BufferedSamples;
import dev.progrs.centering.group.GroupAdvantagesAssembler;
import dev.progrs.centering.group.GroupClock;
import dev.progrs.centering.group.GroupHeaders;
import dev.progrs.centering.group.SampleDiscard;
import dev.progrs.centering.group.SampleInvariants;
import dev.progrs.centering.group.ScoredSample;
import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.serde.WireFormat;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the scored trajectories of each prompt group and emits one {@code GroupAdvantages} record
 * when all K samples are in. Groups that stay incomplete for the timeout are closed (partial emission
 * with ≥ 2 samples); groups whose oldest sample is older than the staleness bound are closed unemitted.
 * Records that cannot be decoded or break an invariant go to the DLQ.
 *
 * <p>Every valid sample ends in exactly one place: an emitted group, or the DLQ with a reason that
 * starts with its {@link SampleDiscard} kind — {@code duplicate} (its index is already in the group),
 * {@code late} (its group was closed without it), {@code stale}, or {@code timed-out} (its group timed
 * out with fewer than 2 samples). A sample that was buffered before its group was discarded is
 * dead-lettered by reference: empty value, {@link DeadLetters#BY_REFERENCE}, and the source headers
 * naming its record on the input topic.
 *
 * <p>Deadlines (timeouts, marker retention) are measured on the task's {@link GroupClock}, which moves
 * with the input's record timestamps and counts any silence as at most {@code max-input-gap}: an
 * outage of the broker, the scorer or this stream does not by itself close a group. Deadlines are
 * checked as records arrive, at most once per {@code punctuate-interval} of the clock; the clock is
 * saved in the store at each check, so a restored task continues it.
 *
 * <p>State layout, chosen for speed: one small {@link GroupHeader} per group (which indices are in,
 * the timeout clock, the closed marker) and one {@link BufferedSample} entry per sample under the key
 * group id + index ({@link SampleKey}), both in the one store {@link GroupState}. A sample is written once and deleted once; nothing grows and
 * is rewritten per record, so the bytes written (and changelogged) per group are O(K), not O(K²).
 * The sample that completes a group is never written at all.
 *
 * <p>Reads and writes bytes: decoding happens here so that a poison record
 * ({@link WireFormatException}) is dead-lettered rather than failing the stream thread. A schema
 * registry that cannot answer while a record is decoded or a group encoded is not the record's
 * fault: that exception fails the stream thread, whose transaction is aborted, and
 * {@link CenteringApp} replaces the thread, which reads the same records again.
 */
final class GroupCompletionProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCompletionProcessor.class);

    private final CenteringTopologyConfig config;
    private final CenteringSerdes serdes;
    private final CenteringMetrics metrics;
    private final ScoredSampleDecoder decoder;
    private final CenteringSettings settings;
    /** The output's schema id once the direct writer agreed with the serializer on a record; −1 before, −2 never. */
    private int writerSchemaId;
    /**
     * Every deadline before this was handled by an earlier sweep (0 after a start: sweep everything once).
     * New deadlines are always later: a timeout counts from a group's opening, a retention from its
     * closing, both on the group clock at or after the last sweep.
     */
    private long swept;
    /** The group clock of this task (reset at every init: a revived task continues from the store). */
    private GroupClock clock;
    /** Group-clock time of the next deadline check. */
    private long nextSweep;
    private ProcessorContext<byte[], byte[]> context;
    private GroupState state;
    private KeyValueStore<String, Long> policy;

    GroupCompletionProcessor(CenteringTopologyConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        this.config = config;
        this.serdes = serdes;
        this.metrics = metrics;
        this.decoder = new ScoredSampleDecoder(serdes.registry(), serdes.scored());
        this.settings = GroupAdvantagesAssembler.settings(config.centering());
        this.writerSchemaId = serdes.registry() != null && GroupAdvantagesWriter.matchesSchema() ? -1 : -2;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.state = new GroupState(context.getStateStore(CenteringTopology.GROUPS_STORE));
        this.policy = context.getStateStore(CenteringTopology.POLICY_STORE);
        this.clock = new GroupClock(config.maxInputGap().toMillis());
        this.swept = 0;
        this.nextSweep = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = metrics.clock().now();
        try {
            long now = tick(record.timestamp());
            accept(record, now);
            if (now >= nextSweep) {
                closeDue(now);
                nextSweep = now + config.punctuateInterval().toMillis();
                state.putClock(clock.now(), clock.lastTimestamp());
            }
        } finally {
            metrics.clock().lap(CenteringActivity.PROCESSING, start);
        }
    }

    /** @return the group clock after a record stamped {@code timestampMs} (continuing a saved clock after a restore) */
    private long tick(long timestampMs) {
        if (!clock.started()) {
            long[] saved = state.clock();
            if (saved != null) {
                clock.restore(saved[0], saved[1]);
            }
        }
        return clock.advance(Math.max(0, timestampMs));
    }

    private void accept(Record<byte[], byte[]> record, long now) {
        ScoredSample scored;
        try {
            scored = decoder.decode(config.inputTopic(), record.headers(), record.value());
        } catch (WireFormatException e) {
            // the record's own bytes are wrong; a registry that cannot answer (SchemaRegistryUnavailableException)
            // passes through: the stream thread fails, its transaction is aborted and the record is read again
            deadLetter(record, "cannot decode ScoredTrajectory: " + e.getMessage(), e);
            return;
        }
        if (scored == null) {
            deadLetter(record, "null value on " + config.inputTopic() + "; scored trajectories are never deleted", null);
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String problem = SampleInvariants.violation(key, scored);
        if (problem != null) {
            deadLetter(record, problem, null);
            return;
        }
        String groupId = scored.groupId();
        int index = scored.sampleIndex();
        GroupHeader header = state.header(groupId);
        if (header != null && !GroupHeaders.isOpen(header)) {
            // the group is already decided; a later copy must not start a second group
            if (GroupHeaders.hasIndex(header, index)) {
                metrics.duplicateSample();
                deadLetter(record, SampleDiscard.DUPLICATE.reason("sample " + index + " of group " + groupId
                        + " was already in it when it closed (" + header.getClosedReason() + ")"), null);
            } else {
                metrics.lateSample();
                deadLetter(record, SampleDiscard.LATE.reason("group " + groupId + " was closed ("
                        + header.getClosedReason() + ", " + header.getSampleCount() + " of "
                        + header.getExpectedGroupSize() + " samples) before sample " + index + " arrived"), null);
            }
            return;
        }
        if (header == null) {
            header = GroupHeaders.open(scored, now, record.timestamp());
            state.putDeadline(timeoutDeadline(header), groupId, DeadlineIndex.TIMEOUT);
        } else {
            String mismatch = SampleInvariants.groupSizeMismatch(header, scored);
            if (mismatch != null) {
                deadLetter(record, mismatch, null);
                return;
            }
        }
        if (GroupHeaders.hasIndex(header, index)) {
            header.setDuplicatesDropped(header.getDuplicatesDropped() + 1);
            state.putHeader(header);
            metrics.duplicateSample();
            deadLetter(record, SampleDiscard.DUPLICATE.reason("sample " + index + " of group " + groupId
                    + " is already buffered; the first copy is kept"), null);
            return;
        }
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        BufferedSample sample = BufferedSamples.of(scored, config.output(), offset);
        GroupHeaders.add(header, index, sample.getPolicyVersion(), record.timestamp());
        metrics.sampleAccepted();
        if (GroupHeaders.isStale(header, currentPolicyVersion(), config.maxStaleness())) {
            String why = staleness(header);
            discardBuffered(header, index, SampleDiscard.STALE, why);
            deadLetter(record, SampleDiscard.STALE.reason(why), null);
            closeGroup(header, index, GroupHeaders.STALE, now);
            metrics.groupStale();
        } else if (GroupHeaders.isComplete(header)) {
            emit(header, buffered(header, index, sample), false);
            closeGroup(header, index, GroupHeaders.COMPLETED, now);
            metrics.groupCompleted();
        } else {
            state.putSample(groupId.getBytes(StandardCharsets.UTF_8), sample);
            state.putHeader(header);
        }
    }

    /**
     * @param header  an open group
     * @param pending the index of a sample not written to the store (−1 for none)
     * @param sample  that sample
     * @return the group's samples ordered by index
     */
    private List<BufferedSample> buffered(GroupHeader header, int pending, BufferedSample sample) {
        byte[] id = header.getGroupId().getBytes(StandardCharsets.UTF_8);
        int[] indices = GroupHeaders.indices(header);
        List<BufferedSample> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i == pending) {
                out.add(sample);
                continue;
            }
            BufferedSample s = state.sample(id, i);
            if (s == null) {
                throw new IllegalStateException("group " + header.getGroupId() + " records sample " + i
                        + " but the store has no entry for it");
            }
            out.add(s);
        }
        return out;
    }

    /** Closes the groups whose timeout has passed on the group clock and deletes expired markers. */
    private void closeDue(long now) {
        // from where the last sweep ended: the deleted entries before it (tombstones in RocksDB) are not walked again
        List<KeyValue<Bytes, byte[]>> due = state.deadlines(swept, now);
        swept = now + 1;
        for (KeyValue<Bytes, byte[]> entry : due) {
            state.deleteDeadline(entry.key);
            String groupId = DeadlineIndex.groupId(entry.key);
            GroupHeader header = state.header(groupId);
            if (header == null) {
                continue;
            }
            boolean open = GroupHeaders.isOpen(header);
            if (entry.value[0] == DeadlineIndex.EXPIRE) {
                if (!open) {
                    state.deleteHeader(groupId);
                }
            } else if (open) {
                timeOut(header, now);
            }
        }
    }

    private void timeOut(GroupHeader header, long now) {
        if (GroupHeaders.isStale(header, currentPolicyVersion(), config.maxStaleness())) {
            discardBuffered(header, -1, SampleDiscard.STALE, staleness(header));
            closeGroup(header, -1, GroupHeaders.STALE, now);
            metrics.groupStale();
        } else if (header.getSampleCount() >= 2) {
            emit(header, buffered(header, -1, null), true);
            closeGroup(header, -1, GroupHeaders.TIMED_OUT, now);
            metrics.groupTimedOutPartial();
        } else {
            discardBuffered(header, -1, SampleDiscard.TIMED_OUT, "group " + header.getGroupId() + " had "
                    + header.getSampleCount() + " of " + header.getExpectedGroupSize() + " samples after the timeout of "
                    + SettingDurations.format(config.timeout()) + ", too few to centre (at least 2)");
            closeGroup(header, -1, GroupHeaders.TIMED_OUT_DROPPED, now);
            metrics.groupTimedOutDropped();
        }
    }

    private String staleness(GroupHeader header) {
        return "group " + header.getGroupId() + " holds policy version " + header.getMinPolicyVersion()
                + ", more than max-staleness " + config.maxStaleness() + " behind the current version "
                + currentPolicyVersion();
    }

    /**
     * Dead-letters by reference every buffered sample of {@code header} except {@code pending} (never
     * written, dead-lettered by the caller with its own bytes).
     */
    private void discardBuffered(GroupHeader header, int pending, SampleDiscard kind, String detail) {
        byte[] id = header.getGroupId().getBytes(StandardCharsets.UTF_8);
        for (int i : GroupHeaders.indices(header)) {
            if (i == pending) {
                continue;
            }
            BufferedSample s = state.sample(id, i);
            RecordHeaders headers = new RecordHeaders();
            DeadLetters.describe(headers, DeadLetters.STAGE_CENTERING, kind.reason("sample " + i + ": " + detail),
                    config.inputTopic(), context.taskId().partition(), s == null ? -1L : s.getSourceOffset(), null);
            DeadLetters.put(headers, DeadLetters.BY_REFERENCE, "true");
            context.forward(new Record<>(id, new byte[0], header.getLastSampleAtMs(), headers), CenteringTopology.DLQ_SINK);
            metrics.deadLettered();
        }
    }

    private void emit(GroupHeader header, List<BufferedSample> buffered, boolean timedOut) {
        long now = context.currentSystemTimeMs(); // wall clock: when the record was emitted, and the latency metric
        AdvantageResult result = GroupAdvantagesAssembler.compute(buffered, config.centering());
        byte[] value;
        if (writerSchemaId >= 0) {
            value = GroupAdvantagesWriter.write(writerSchemaId, header, buffered, result, settings, timedOut, now);
        } else {
            GroupAdvantages record = GroupAdvantagesAssembler.record(header, buffered, result, config.centering(), timedOut, now);
            value = serdes.advantages().serialize(config.outputTopic(), record);
            if (writerSchemaId == -1) {
                checkWriter(value, header, buffered, result, timedOut, now);
            }
        }
        byte[] key = header.getGroupId().getBytes(StandardCharsets.UTF_8);
        context.forward(new Record<>(key, value, header.getLastSampleAtMs()), CenteringTopology.ADVANTAGES_SINK);
        metrics.groupEmitted(result.zeroVarianceOutcome(), result.violationsBeforeGuard(),
                result.dominanceViolations(), result.dominanceScale() < 1.0, now - header.getLastSampleAtMs());
    }

    /** Uses the direct writer from now on if it writes exactly what the serializer wrote for this group. */
    private void checkWriter(byte[] serialized, GroupHeader header, List<BufferedSample> buffered, AdvantageResult result,
                             boolean timedOut, long now) {
        int id = WireFormat.schemaId(serialized);
        byte[] direct = GroupAdvantagesWriter.write(id, header, buffered, result, settings, timedOut, now);
        if (Arrays.equals(direct, serialized)) {
            writerSchemaId = id;
        } else {
            writerSchemaId = -2;
            LOG.warn("the direct GroupAdvantages writer differs from the serializer on group {}; using the serializer",
                    header.getGroupId());
        }
    }

    /**
     * Deletes the samples (all but {@code pending}, which was never written); keeps the header as a marker
     * for the retention so late copies are recognised.
     */
    private void closeGroup(GroupHeader header, int pending, String reason, long now) {
        String groupId = header.getGroupId();
        byte[] id = groupId.getBytes(StandardCharsets.UTF_8);
        for (int i : GroupHeaders.indices(header)) {
            if (i != pending) {
                state.deleteSample(id, i);
            }
        }
        state.deleteDeadline(DeadlineIndex.key(timeoutDeadline(header), groupId));
        GroupHeaders.close(header, reason, now);
        if (config.closedRetention().isZero()) {
            state.deleteHeader(groupId);
        } else {
            state.putHeader(header);
            state.putDeadline(now + config.closedRetention().toMillis(), groupId, DeadlineIndex.EXPIRE);
        }
    }

    private long timeoutDeadline(GroupHeader header) {
        return header.getOpenedAtMs() + config.timeout().toMillis();
    }

    private Long currentPolicyVersion() {
        return policy.get(Topics.POLICY_KEY);
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, Exception cause) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.put(headers, DeadLetters.REASON, reason);
        DeadLetters.put(headers, DeadLetters.STAGE, DeadLetters.STAGE_CENTERING);
        context.recordMetadata().ifPresent(m -> {
            DeadLetters.put(headers, DeadLetters.SOURCE_TOPIC, m.topic());
            DeadLetters.put(headers, DeadLetters.SOURCE_PARTITION, Integer.toString(m.partition()));
            DeadLetters.put(headers, DeadLetters.SOURCE_OFFSET, Long.toString(m.offset()));
        });
        if (cause != null) {
            DeadLetters.put(headers, DeadLetters.EXCEPTION, cause.getClass().getName());
        }
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), CenteringTopology.DLQ_SINK);
        metrics.deadLettered();
        LOG.warn("dead-lettered a record of {}: {}", config.inputTopic(), reason);
    }
}
