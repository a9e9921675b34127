package dev.progrs.monitor.window;

import dev.progrs.monitor.gold.GoldVerdict;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the monitor needs of one scored sample (one {@code ScoredTrajectory} on progrs.scored, or,
 * when that record was not seen, the {@code SampleAdvantage} of its group).
 *
 * @param groupId         the prompt group
 * @param sampleIndex     index of the sample in its group
 * @param outcome         verified outcome R ∈ {0, 1}
 * @param processScore    process score b ∈ [0, 1]
 * @param coherence       C_W per window size W; empty when unknown (sample not seen on progrs.scored)
 * @param responseLength  number of response tokens
 * @param policyVersion   behaviour policy version
 * @param eventTimeMs     when the sample was generated (ms since epoch)
 * @param stepConfidences the PRM's confidence p_t per step line (answer line last); empty when unknown
 * @param gold            the gold step checker's verdict; {@link GoldVerdict#NOT_CHECKED} when it could not read the sample
 */
public record SampleObservation(String groupId, int sampleIndex, double outcome, double processScore,
                                Map<Integer, Double> coherence, int responseLength, long policyVersion,
                                long eventTimeMs, List<Double> stepConfidences, GoldVerdict gold) {
    public SampleObservation {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(gold, "gold");
        coherence = Map.copyOf(coherence);
        stepConfidences = List.copyOf(stepConfidences);
    }

    /** A sample without step confidences and gold verdict (e.g. rebuilt from its group's advantages record). */
    public SampleObservation(String groupId, int sampleIndex, double outcome, double processScore,
                             Map<Integer, Double> coherence, int responseLength, long policyVersion, long eventTimeMs) {
        this(groupId, sampleIndex, outcome, processScore, coherence, responseLength, policyVersion, eventTimeMs,
                List.of(), GoldVerdict.NOT_CHECKED);
    }

    /** @return true when R = 1 (outcomes are 0/1; anything ≥ 0.5 counts as correct) */
    public boolean correct() {
        return outcome >= 0.5;
    }
}
