package dev.progrs.centering.group;

import dev.progrs.centering.store.GroupHeader;
import dev.progrs.wire.ScoredTrajectory;

/**
 * The invariants a scored trajectory must satisfy before it may join a group. A record that breaks
 * one goes to the DLQ with the returned reason; it never stops the stream.
 */
public final class SampleInvariants {

    private SampleInvariants() {
    }

    /**
     * @param key    the record key (must be the group id, so that a group lands in one task)
     * @param scored the decoded value
     * @return null when every invariant holds, else one line naming the broken one and the values
     */
    public static String violation(String key, ScoredTrajectory scored) {
        return violation(key, ScoredSample.of(scored));
    }

    /**
     * @param key    the record key (must be the group id, so that a group lands in one task)
     * @param scored what the stream read of the value
     * @return null when every invariant holds, else one line naming the broken one and the values
     */
    public static String violation(String key, ScoredSample scored) {
        int k = scored.groupSize();
        String groupId = scored.groupId();
        if (k < 1) {
            return "groupSize K=" + k + " < 1 in group " + groupId;
        }
        if (scored.sampleIndex() < 0 || scored.sampleIndex() >= k) {
            return "sampleIndex " + scored.sampleIndex() + " outside 0.." + (k - 1) + " in group " + groupId;
        }
        if (key == null) {
            return "record key is null; progrs.scored records must be keyed by their group id " + groupId;
        }
        if (!key.equals(groupId)) {
            return "record key '" + key + "' differs from groupId '" + groupId + "'";
        }
        double r = scored.outcome();
        if (r != 0.0 && r != 1.0) {
            return "outcomeReward " + r + " is not 0 or 1 in group " + groupId + " sample " + scored.sampleIndex();
        }
        if (!Double.isFinite(scored.processScore())) {
            return "processScore " + scored.processScore() + " is not finite in group " + groupId
                    + " sample " + scored.sampleIndex();
        }
        return null;
    }

    /** @return null when {@code scored} agrees with the group's K, else the reason */
    public static String groupSizeMismatch(GroupHeader buffer, ScoredSample scored) {
        int k = scored.groupSize();
        if (k != buffer.getExpectedGroupSize()) {
            return "groupSize K=" + k + " differs from K=" + buffer.getExpectedGroupSize()
                    + " announced by the earlier samples of group " + buffer.getGroupId();
        }
        return null;
    }
}
