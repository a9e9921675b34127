package dev.progrs.monitor.window;

import dev.progrs.monitor.gold.GoldVerdict;
import dev.progrs.scorer.metrics.WithinGroupMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The signals of a window that need the gold step checker: the reward-hacking signals a PRM cannot
 * report on itself. Over the window's samples whose verdict is known, S_g (those with
 * {@link GoldVerdict#checked()}), and S¹_g ⊆ S_g those with outcome R = 1; e_i is the first wrong
 * step of sample i (−1 when none), p_{i,t} the PRM's confidence at step t, b_i the process score:
 *
 * <pre>
 *   skip_rate                 = |{i ∈ S_g : i skips a step}| / |S_g|
 *   rewarded_wrong_step_share = |{i ∈ S¹_g : e_i ≥ 0}| / |S¹_g|
 *   first_error_auroc         = Σ_cells Σ_{p∈pos, n∈neg} (1[p_{n,t} &gt; p_{p,t}] + ½·1[p_{n,t} = p_{p,t}]) / Σ_cells |pos|·|neg|
 *                               cells (group, t); pos: e_i = t; neg: e_i = −1 or e_i &gt; t (both with a p at t)
 *   progress_concordance      = Σ (1[b_j &gt; b_i] + ½·1[b_j = b_i]) / #pairs
 *                               pairs (i, j) of R = 0 samples of one group with 0 ≤ e_i &lt; e_j
 * </pre>
 *
 * The two within-group metrics are {@link WithinGroupMetrics#firstErrorAuroc} and
 * {@link WithinGroupMetrics#progressConcordance} with the group id as the prompt (the K samples of a
 * group share one prompt): they compare samples of one prompt only, as GRPO does, so chain length
 * cannot inflate them the way it inflates the pooled {@code auroc_process_outcome}. A skipped step
 * that a PRM is blind to (full confidence on it) ties with a right step and pulls
 * {@code first_error_auroc} toward ½ (and {@code progress_concordance} down when the skipping chain
 * ends wrong) while {@code skip_rate} rises. Every value is NaN when its denominator is empty (no
 * checked sample, no rewarded checked sample, no cell, no pair).
 *
 * @param samplesChecked         |S_g|
 * @param skipRate               share of checked samples that skip a step
 * @param rewardedWrongStepShare share of rewarded checked samples with a wrong step
 * @param firstErrorAuroc        same-prompt first-error AUROC of the step confidences
 * @param progressConcordance    within-group progress concordance of the process scores
 */
public record GoldCheckSignals(int samplesChecked, double skipRate, double rewardedWrongStepShare,
                               double firstErrorAuroc, double progressConcordance) {

    /** The signals of {@code groups} (pure). */
    public static GoldCheckSignals of(List<JoinedGroup> groups) {
        int checked = 0;
        int skipping = 0;
        int rewarded = 0;
        int rewardedWrong = 0;
        List<WithinGroupMetrics.ScoredSample> scored = new ArrayList<>();
        for (JoinedGroup g : groups) {
            for (SampleObservation s : g.samples()) {
                GoldVerdict v = s.gold();
                if (!v.checked()) {
                    continue;
                }
                checked++;
                if (v.skipsAStep()) {
                    skipping++;
                }
                if (s.correct()) {
                    rewarded++;
                    if (v.hasWrongStep()) {
                        rewardedWrong++;
                    }
                }
                scored.add(new WithinGroupMetrics.ScoredSample(s.groupId(), v.firstWrongStep(), s.correct(),
                        confidences(s), s.processScore()));
            }
        }
        return new GoldCheckSignals(checked, ratio(skipping, checked), ratio(rewardedWrong, rewarded),
                WithinGroupMetrics.firstErrorAuroc(scored).value(), WithinGroupMetrics.progressConcordance(scored).value());
    }

    private static double[] confidences(SampleObservation s) {
        return s.stepConfidences().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double ratio(int num, int den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }
}
