package dev.progrs.learner.grpo;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.List;
import java.util.Optional;

/**
 * The invariants a {@link GroupAdvantages} record must hold before the learner trains on it. A group
 * that breaks one is not trained on: the worker sends it to the DLQ with the returned reason.
 */
public final class SampleValidation {

    private SampleValidation() {
    }

    /**
     * @param vocabSize token ids must lie in [0, vocabSize)
     * @param context   prompt + response must fit the policy context
     * @return why the group is unusable, or empty when it is fine
     */
    public static Optional<String> problem(GroupAdvantages group, int vocabSize, int context) {
        List<SampleAdvantage> samples = group.getSamples();
        if (samples == null || samples.isEmpty()) {
            return Optional.of("group " + group.getGroupId() + " has no samples");
        }
        long min = Long.MAX_VALUE;
        for (SampleAdvantage s : samples) {
            String where = "group " + group.getGroupId() + " sample " + s.getSampleIndex() + ": ";
            int p = s.getPromptTokenIds().size();
            int r = s.getResponseTokenIds().size();
            if (p < 1) {
                return Optional.of(where + "empty prompt (BOS expected at least)");
            }
            if (r < 1) {
                return Optional.of(where + "empty response");
            }
            if (s.getBehaviourLogProbs().size() != r) {
                return Optional.of(where + s.getBehaviourLogProbs().size() + " behaviour log-probs for " + r + " response tokens");
            }
            if (p + r > context) {
                return Optional.of(where + "prompt + response = " + (p + r) + " tokens exceeds the policy context " + context);
            }
            if (!Double.isFinite(s.getAdvantage())) {
                return Optional.of(where + "advantage " + s.getAdvantage() + " is not finite");
            }
            for (List<Integer> ids : List.of(s.getPromptTokenIds(), s.getResponseTokenIds())) {
                for (int id : ids) {
                    if (id < 0 || id >= vocabSize) {
                        return Optional.of(where + "token id " + id + " outside the vocabulary [0, " + vocabSize + ")");
                    }
                }
            }
            for (float lp : s.getBehaviourLogProbs()) {
                if (!(lp <= 1e-4f) || Float.isInfinite(lp)) {
                    return Optional.of(where + "behaviour log-prob " + lp + " is not a finite value <= 0");
                }
            }
            min = Math.min(min, s.getPolicyVersion());
        }
        if (min != group.getPolicyVersionMin()) {
            return Optional.of("group " + group.getGroupId() + ": policyVersionMin " + group.getPolicyVersionMin()
                    + " differs from the smallest sample version " + min);
        }
        return Optional.empty();
    }
}
