package dev.progrs.monitor.synthetic;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.util.List;

/**
 * One synthetic prompt group as the pipeline would publish it.
 *
 * @param scored     the K scored trajectories (progrs.scored)
 * @param advantages the group's advantages (progrs.advantages)
 */
public record SyntheticGroup(List<ScoredTrajectory> scored, GroupAdvantages advantages) {
    public SyntheticGroup {
        scored = List.copyOf(scored);
    }
}
