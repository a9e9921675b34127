package dev.progrs.centering.group;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stream's per-group step without Kafka: buffers one complete group of scored samples exactly as
 * the centering topology does (same header, same buffered samples, full output) and assembles its
 * {@link GroupAdvantages} with the same code. Used where the lock-step experiment loop needs the
 * advantages the pipeline would emit.
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
        GroupHeader header = GroupHeaders.open(ScoredSample.of(group.get(0)), emittedAtMs, emittedAtMs);
        List<BufferedSample> samples = new ArrayList<>(group.size());
        for (ScoredTrajectory s : group) {
            int index = s.getTrajectory().getSampleIndex();
            if (index < 0 || index >= header.getExpectedGroupSize()) {
                throw new IllegalArgumentException("sample index " + index + " outside 0.." + (header.getExpectedGroupSize() - 1)
                        + " in group " + header.getGroupId());
            }
            if (GroupHeaders.hasIndex(header, index)) {
                throw new IllegalArgumentException("sample index " + index + " appears twice in group " + header.getGroupId());
            }
            BufferedSample b = BufferedSamples.of(ScoredSample.of(s), OutputContent.FULL);
            GroupHeaders.add(header, index, b.getPolicyVersion(), emittedAtMs);
            samples.add(b);
        }
        samples.sort(Comparator.comparingInt(BufferedSample::getSampleIndex));
        return GroupAdvantagesAssembler.assemble(header, samples, config, false, emittedAtMs).record();
    }
}
