package dev.progrs.centering.group;

import dev.progrs.centering.store.GroupHeader;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;

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
        Trajectory t = scored.getTrajectory();
        int k = t.getGroupSize();
        if (k < 1) {
            return "groupSize K=" + k + " < 1 in group " + t.getGroupId();
        }
        if (t.getSampleIndex() < 0 || t.getSampleIndex() >= k) {
            return "sampleIndex " + t.getSampleIndex() + " outside 0.." + (k - 1) + " in group " + t.getGroupId();
        }
        if (key == null) {
            return "record key is null; progrs.scored records must be keyed by their group id " + t.getGroupId();
        }
        if (!key.equals(t.getGroupId())) {
            return "record key '" + key + "' differs from groupId '" + t.getGroupId() + "'";
        }
        double r = t.getOutcomeReward();
        if (r != 0.0 && r != 1.0) {
            return "outcomeReward " + r + " is not 0 or 1 in group " + t.getGroupId() + " sample " + t.getSampleIndex();
        }
        if (!Double.isFinite(scored.getProcessScore())) {
            return "processScore " + scored.getProcessScore() + " is not finite in group " + t.getGroupId()
                    + " sample " + t.getSampleIndex();
        }
        return null;
    }

    /** @return null when {@code scored} agrees with the group's K, else the reason */
    public static String groupSizeMismatch(GroupHeader buffer, ScoredTrajectory scored) {
        int k = scored.getTrajectory().getGroupSize();
        if (k != buffer.getExpectedGroupSize()) {
            return "groupSize K=" + k + " differs from K=" + buffer.getExpectedGroupSize()
                    + " announced by the earlier samples of group " + buffer.getGroupId();
        }
        return null;
    }
}
