package dev.progrs.centering.group;

import dev.progrs.centering.store.GroupHeader;
import java.nio.ByteBuffer;

/**
 * Building and querying the small per-group state value: which sample indices are in (a bitmap, so
 * a duplicate is recognised without reading any sample), how many, the smallest policy version
 * (staleness without reading any sample), when it opened on the {@link GroupClock} and the closed reason.
 * A closed group keeps its bitmap, so a later copy is told apart as a duplicate or late. Updating it costs
 * O(K/8) bytes whatever the samples weigh; no Kafka here.
 */
public final class GroupHeaders {

    /** Closed after all K samples arrived and the group was emitted. */
    public static final String COMPLETED = "completed";
    /** Closed by the timeout with at least 2 samples and emitted as partial. */
    public static final String TIMED_OUT = "timed-out";
    /** Closed by the timeout with fewer than 2 samples, nothing emitted. */
    public static final String TIMED_OUT_DROPPED = "timed-out-dropped";
    /** Closed because its oldest sample is older than the staleness bound. */
    public static final String STALE = "stale";

    private GroupHeaders() {
    }

    /**
     * @param first       the group's first sample
     * @param clockMs     the task's {@link GroupClock} when it arrived (the timeout counts from here)
     * @param timestampMs its record timestamp
     * @return an open header without samples for the group of {@code first}
     */
    public static GroupHeader open(ScoredSample first, long clockMs, long timestampMs) {
        return GroupHeader.newBuilder()
                .setGroupId(first.groupId())
                .setPromptId(first.promptId())
                .setSuite(first.suite())
                .setDifficulty(first.difficulty())
                .setExpectedGroupSize(first.groupSize())
                .setArrived(ByteBuffer.wrap(new byte[bitmapBytes(first.groupSize())]))
                .setSampleCount(0)
                .setMinPolicyVersion(Long.MAX_VALUE)
                .setDuplicatesDropped(0)
                .setOpenedAtMs(clockMs)
                .setLastSampleAtMs(timestampMs)
                .setClosedReason(null)
                .setClosedAtMs(0L)
                .build();
    }

    public static boolean isOpen(GroupHeader header) {
        return header.getClosedReason() == null;
    }

    /** @return true when sample {@code sampleIndex} (within 0..K−1) is already buffered */
    public static boolean hasIndex(GroupHeader header, int sampleIndex) {
        ByteBuffer bits = header.getArrived();
        int at = sampleIndex >>> 3;
        return at < bits.remaining() && (bits.get(bits.position() + at) & (1 << (sampleIndex & 7))) != 0;
    }

    /** Records that sample {@code sampleIndex} (not yet in) was buffered, with its policy version and timestamp. */
    public static void add(GroupHeader header, int sampleIndex, long policyVersion, long timestampMs) {
        ByteBuffer bits = header.getArrived();
        int at = bits.position() + (sampleIndex >>> 3);
        bits.put(at, (byte) (bits.get(at) | (1 << (sampleIndex & 7))));
        header.setSampleCount(header.getSampleCount() + 1);
        header.setMinPolicyVersion(Math.min(header.getMinPolicyVersion(), policyVersion));
        header.setLastSampleAtMs(timestampMs);
    }

    /** @return the buffered sample indices, ascending */
    public static int[] indices(GroupHeader header) {
        int[] out = new int[header.getSampleCount()];
        int n = 0;
        for (int i = 0; i < header.getExpectedGroupSize() && n < out.length; i++) {
            if (hasIndex(header, i)) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** @return true when all K samples are in */
    public static boolean isComplete(GroupHeader header) {
        return header.getSampleCount() == header.getExpectedGroupSize();
    }

    /**
     * A group is stale when v_min &lt; v_current − max-staleness (docs/method.md §5); never stale while no
     * policy version is known or before it has samples.
     */
    public static boolean isStale(GroupHeader header, Long currentVersion, long maxStaleness) {
        return currentVersion != null && header.getSampleCount() > 0
                && header.getMinPolicyVersion() < currentVersion - maxStaleness;
    }

    /**
     * Turns {@code header} into a closed marker: reason and group-clock time set; the bitmap and count
     * stay, saying which samples the group had.
     */
    public static void close(GroupHeader header, String reason, long clockMs) {
        header.setClosedReason(reason);
        header.setClosedAtMs(clockMs);
    }

    private static int bitmapBytes(int groupSize) {
        return (Math.max(0, groupSize) + 7) >>> 3;
    }
}
