package dev.progrs.centering.topology;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.util.List;

/**
 * The stream's per-group step without Kafka: buffers one complete group of scored samples exactly as
 * {@link GroupCompletionProcessor} does and assembles its {@link GroupAdvantages} with the same code.
 * Used where the lock-step experiment loop needs the advantages the pipeline would emit.
 */
public final class GroupCentering {

    private GroupCentering() {
    }

    /**
     * @param group       the scored samples of one group (any order; distinct sample indices)
     * @param config      the centering maths configuration
     * @param emittedAtMs the emission time written into the record
     * @return the advantages record the stream would emit for this complete group
     */
    public static GroupAdvantages center(List<ScoredTrajectory> group, CenteringConfig config, long emittedAtMs) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("a group needs at least one scored sample");
        }
        var buffer = GroupBuffers.open(group.get(0), emittedAtMs, emittedAtMs);
        for (ScoredTrajectory s : group) {
            if (GroupBuffers.hasIndex(buffer, s.getTrajectory().getSampleIndex())) {
                throw new IllegalArgumentException("sample index " + s.getTrajectory().getSampleIndex() + " appears twice in group "
                        + buffer.getGroupId());
            }
            GroupBuffers.add(buffer, GroupBuffers.sampleOf(s));
        }
        return GroupAdvantagesAssembler.assemble(buffer, config, false, emittedAtMs).record();
    }
}
