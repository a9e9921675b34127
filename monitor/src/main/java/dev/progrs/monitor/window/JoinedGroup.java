package dev.progrs.monitor.window;

import java.util.List;
import java.util.Objects;

/**
 * One prompt group with both views joined: the group-level record from progrs.advantages and its
 * samples from progrs.scored (in sample-index order; a sample missing on progrs.scored is rebuilt
 * from its {@code SampleAdvantage} without coherence, counted in {@link #samplesFromAdvantages()}).
 *
 * @param group                 the advantages view (group-level signals, advantages)
 * @param samples               the sample view (sample-level signals)
 * @param samplesFromAdvantages how many samples had no scored record at join time
 */
public record JoinedGroup(GroupObservation group, List<SampleObservation> samples, int samplesFromAdvantages) {
    public JoinedGroup {
        Objects.requireNonNull(group, "group");
        samples = List.copyOf(samples);
    }

    /** @return the group's event time (its last sample's record timestamp) */
    public long eventTimeMs() {
        return group.eventTimeMs();
    }
}
