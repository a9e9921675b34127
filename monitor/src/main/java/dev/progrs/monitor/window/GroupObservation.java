package dev.progrs.monitor.window;

import java.util.List;
import java.util.Objects;

/**
 * What the monitor needs of one {@code GroupAdvantages} record on progrs.advantages.
 *
 * @param groupId             the prompt group
 * @param samples             per sample: index, outcome, process score, advantage, policy version, length
 * @param zeroVarianceOutcome all samples share one outcome (A_out = 0)
 * @param dominanceViolations (correct, incorrect) pairs with A_correct ≤ A_incorrect
 * @param policyVersionMin    smallest behaviour policy version in the group
 * @param policyVersionMax    largest behaviour policy version in the group
 * @param partial             emitted with fewer than K samples
 * @param eventTimeMs         event time of the group: record timestamp of its last sample
 */
public record GroupObservation(String groupId, List<SampleAdvantageView> samples, boolean zeroVarianceOutcome,
                               int dominanceViolations, long policyVersionMin, long policyVersionMax,
                               boolean partial, long eventTimeMs) {
    public GroupObservation {
        Objects.requireNonNull(groupId, "groupId");
        samples = List.copyOf(samples);
    }

    /**
     * One sample as the centering stage saw it.
     *
     * @param sampleIndex    index in the group
     * @param outcome        R ∈ {0, 1}
     * @param processScore   b
     * @param advantage      final advantage A_i
     * @param policyVersion  behaviour policy version
     * @param responseLength response tokens
     * @param eventTimeMs    when the sample was generated
     */
    public record SampleAdvantageView(int sampleIndex, double outcome, double processScore, double advantage,
                                      long policyVersion, int responseLength, long eventTimeMs) {
    }
}
