package dev.progrs.monitor.window;

import java.util.Map;
import java.util.Objects;

/**
 * What the monitor needs of one scored sample (one {@code ScoredTrajectory} on progrs.scored, or,
 * when that record was not seen, the {@code SampleAdvantage} of its group).
 *
 * @param groupId        the prompt group
 * @param sampleIndex    index of the sample in its group
 * @param outcome        verified outcome R ∈ {0, 1}
 * @param processScore   process score b ∈ [0, 1]
 * @param coherence      C_W per window size W; empty when unknown (sample not seen on progrs.scored)
 * @param responseLength number of response tokens
 * @param policyVersion  behaviour policy version
 * @param eventTimeMs    when the sample was generated (ms since epoch)
 */
public record SampleObservation(String groupId, int sampleIndex, double outcome, double processScore,
                                Map<Integer, Double> coherence, int responseLength, long policyVersion,
                                long eventTimeMs) {
    public SampleObservation {
        Objects.requireNonNull(groupId, "groupId");
        coherence = Map.copyOf(coherence);
    }

    /** @return true when R = 1 (outcomes are 0/1; anything ≥ 0.5 counts as correct) */
    public boolean correct() {
        return outcome >= 0.5;
    }
}
