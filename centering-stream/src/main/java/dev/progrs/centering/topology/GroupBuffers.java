package dev.progrs.centering.topology;

import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupBuffer;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;

/** Building and querying the state-store value of one group; no Kafka here. */
final class GroupBuffers {

    /** Closed after all K samples arrived and the group was emitted. */
    static final String COMPLETED = "completed";
    /** Closed by the timeout with at least 2 samples and emitted as partial. */
    static final String TIMED_OUT = "timed-out";
    /** Closed by the timeout with fewer than 2 samples, nothing emitted. */
    static final String TIMED_OUT_DROPPED = "timed-out-dropped";
    /** Closed because its oldest sample is older than the staleness bound. */
    static final String STALE = "stale";

    private GroupBuffers() {
    }

    /** @return an open, empty buffer for the group of {@code first} */
    static GroupBuffer open(ScoredTrajectory first, long wallMs, long timestampMs) {
        Trajectory t = first.getTrajectory();
        return GroupBuffer.newBuilder()
                .setGroupId(t.getGroupId())
                .setPromptId(t.getPromptId())
                .setSuite(t.getSuite())
                .setDifficulty(t.getDifficulty())
                .setExpectedGroupSize(t.getGroupSize())
                .setSamples(new ArrayList<>())
                .setDuplicatesDropped(0)
                .setFirstArrivalWallMs(wallMs)
                .setLastSampleAtMs(timestampMs)
                .setClosedReason(null)
                .setClosedAtWallMs(0L)
                .build();
    }

    /** @return what the advantages record needs of {@code scored} */
    static BufferedSample sampleOf(ScoredTrajectory scored) {
        Trajectory t = scored.getTrajectory();
        return BufferedSample.newBuilder()
                .setSampleIndex(t.getSampleIndex())
                .setPolicyVersion(t.getPolicyVersion())
                .setOutcome(t.getOutcomeReward())
                .setProcessScore(scored.getProcessScore())
                .setPromptTokenIds(new ArrayList<>(t.getPromptTokenIds()))
                .setResponseTokenIds(new ArrayList<>(t.getResponseTokenIds()))
                .setBehaviourLogProbs(new ArrayList<>(t.getBehaviourLogProbs()))
                .setExtractedAnswer(t.getExtractedAnswer())
                .setStepCount(t.getSteps().size())
                .setGeneratedAtMs(t.getGeneratedAtMs())
                .build();
    }

    static boolean isOpen(GroupBuffer buffer) {
        return buffer.getClosedReason() == null;
    }

    static boolean hasIndex(GroupBuffer buffer, int sampleIndex) {
        for (BufferedSample s : buffer.getSamples()) {
            if (s.getSampleIndex() == sampleIndex) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code sample} keeping the samples ordered by index. */
    static void add(GroupBuffer buffer, BufferedSample sample) {
        var samples = buffer.getSamples();
        int at = 0;
        while (at < samples.size() && samples.get(at).getSampleIndex() < sample.getSampleIndex()) {
            at++;
        }
        samples.add(at, sample);
    }

    static long minPolicyVersion(GroupBuffer buffer) {
        long min = Long.MAX_VALUE;
        for (BufferedSample s : buffer.getSamples()) {
            min = Math.min(min, s.getPolicyVersion());
        }
        return min;
    }

    /**
     * A group is stale when v_min &lt; v_current − max-staleness (METHOD.md §5); never stale while no
     * policy version is known or before it has samples.
     */
    static boolean isStale(GroupBuffer buffer, Long currentVersion, long maxStaleness) {
        return currentVersion != null && !buffer.getSamples().isEmpty()
                && minPolicyVersion(buffer) < currentVersion - maxStaleness;
    }

    /** Turns {@code buffer} into a closed marker: samples dropped, reason and time set. */
    static void close(GroupBuffer buffer, String reason, long wallMs) {
        buffer.setSamples(new ArrayList<>());
        buffer.setClosedReason(reason);
        buffer.setClosedAtWallMs(wallMs);
    }
}
