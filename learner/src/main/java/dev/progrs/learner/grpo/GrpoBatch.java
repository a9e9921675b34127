package dev.progrs.learner.grpo;

import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples of B groups flattened into rows (host memory), with the per-batch statistics that need
 * no tensor: staleness against the current version, the mean |A| and the share of Σ|A| in all-incorrect groups. One row per sample:
 * {@code prompt · response}, its behaviour log-probs and its advantage.
 *
 * @param prompts           prompt ids per row (BOS included)
 * @param completions       response ids per row
 * @param behaviourLogProbs log π_behave per response token, per row
 * @param advantages        A per row
 * @param groups            number of groups
 * @param stalenessMean     mean over rows of current − policyVersion
 * @param stalenessMax      max of the same
 * @param advantageAbsMean  mean over rows of |A|
 * @param allIncorrectShare Σ|A| of the batch and of its groups without a correct sample ({@link AllIncorrectShare})
 * @param rowGroupIds       group id of each row (to find a batch again in the advantages topic)
 * @param rowStaleness      current − policyVersion of each row
 */
public record GrpoBatch(List<int[]> prompts, List<int[]> completions, List<float[]> behaviourLogProbs, float[] advantages,
                        int groups, double stalenessMean, long stalenessMax, double advantageAbsMean,
                        AllIncorrectShare allIncorrectShare, List<String> rowGroupIds, long[] rowStaleness) {

    /** Flattens {@code groups} (already validated by {@link SampleValidation}) for training version {@code currentVersion}. */
    public static GrpoBatch of(List<GroupAdvantages> groups, long currentVersion) {
        List<int[]> prompts = new ArrayList<>();
        List<int[]> completions = new ArrayList<>();
        List<float[]> behaviour = new ArrayList<>();
        List<Float> adv = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> staleness = new ArrayList<>();
        double stalenessSum = 0;
        long stalenessMax = 0;
        double absSum = 0;
        for (GroupAdvantages g : groups) {
            for (SampleAdvantage s : g.getSamples()) {
                prompts.add(ints(s.getPromptTokenIds()));
                completions.add(ints(s.getResponseTokenIds()));
                float[] lp = new float[s.getBehaviourLogProbs().size()];
                for (int i = 0; i < lp.length; i++) {
                    lp[i] = s.getBehaviourLogProbs().get(i);
                }
                behaviour.add(lp);
                adv.add((float) s.getAdvantage());
                long st = StalenessPolicy.staleness(s.getPolicyVersion(), currentVersion);
                ids.add(String.valueOf(g.getGroupId()));
                staleness.add(st);
                stalenessSum += st;
                stalenessMax = Math.max(stalenessMax, st);
                absSum += Math.abs(s.getAdvantage());
            }
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a GRPO batch needs at least one sample; got " + groups.size() + " groups without samples");
        }
        float[] a = new float[adv.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = adv.get(i);
        }
        int n = a.length;
        return new GrpoBatch(List.copyOf(prompts), List.copyOf(completions), List.copyOf(behaviour), a, groups.size(),
                stalenessSum / n, stalenessMax, absSum / n, AllIncorrectShare.of(groups), List.copyOf(ids), staleness.stream().mapToLong(Long::longValue).toArray());
    }

    public int rows() {
        return advantages.length;
    }

    /** Completion tokens in the batch. */
    public long tokens() {
        long t = 0;
        for (int[] c : completions) {
            t += c.length;
        }
        return t;
    }

    /** True when every advantage is exactly 0: the surrogate then has no gradient. */
    public boolean allAdvantagesZero() {
        for (float v : advantages) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static int[] ints(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
