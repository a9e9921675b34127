package dev.progrs.learner.grpo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one policy update (U optimiser steps on one batch) measured. Loss, clip fractions, KLs,
 * entropy and ratio mean are averaged over the U steps (each is a token mean, see
 * {@link dev.progrs.learner.loss.SurrogateTerms}); ratio max is the max over the steps.
 *
 * @param loss             surrogate loss L
 * @param clipFractionLow  share of tokens whose gradient the lower clip zeroed (ρ &lt; 1 − ε_low, A &lt; 0)
 * @param clipFractionHigh share of tokens whose gradient the upper clip zeroed (ρ &gt; 1 + ε_high, A &gt; 0)
 * @param clipFractionDual share of tokens whose gradient the dual clip zeroed (ρ &gt; c, A &lt; 0; 0 with dual-clip off)
 * @param approxKl         k3 estimate of KL(π_behave ‖ π_θ)
 * @param entropy          mean per-token entropy of π_θ at the training temperature, from the same logits
 * @param klReference      mean k3 to the reference policy; NaN without one
 * @param advantageAbsMean mean |A| over samples
 * @param allIncorrectAdvantageShare share of the batch's Σ|A| in groups without a correct sample (A_out = 0 there, so it is
 *                         all process bonus; {@link AllIncorrectShare}); 0 when Σ|A| = 0
 * @param ratioMean        mean importance ratio ρ
 * @param ratioMax         largest ρ
 * @param stalenessMean    mean over samples of (current version − behaviour version)
 * @param stalenessMax     max of the same
 * @param tokens           completion tokens in the batch
 * @param samples          sequences in the batch
 * @param groups           prompt groups in the batch
 * @param optimizerSteps   steps taken: U, or fewer when the batch carried no signal (all A = 0 and no KL) or a step was skipped
 * @param skippedSteps     steps skipped because the loss's gradient was NaN or infinite, twice (0 or 1: the batch stops there)
 * @param recomputedSteps  steps whose first gradient was NaN or infinite and whose recomputation, used for the step, was finite
 * @param gradientAbsMax   largest finite |∂L/∂w| over every parameter and step (0 without a backward)
 * @param seconds          wall time of the update
 */
public record UpdateMetrics(double loss, double clipFractionLow, double clipFractionHigh, double clipFractionDual, double approxKl,
                            double entropy,
                            double klReference, double advantageAbsMean, double allIncorrectAdvantageShare, double ratioMean, double ratioMax,
                            double stalenessMean, long stalenessMax, long tokens, int samples, int groups,
                            int optimizerSteps, int skippedSteps, int recomputedSteps, double gradientAbsMax, double seconds) {

    /** Tokens processed per second of update: U·tokens / seconds. */
    public double tokensPerSecond(int updatesPerBatch) {
        return seconds <= 0 ? 0 : updatesPerBatch * (double) tokens / seconds;
    }

    /** The metrics by name, as carried in {@code PolicyVersion.metrics}; klReference only when defined. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("clip-fraction-low", clipFractionLow);
        m.put("clip-fraction-high", clipFractionHigh);
        m.put("clip-fraction-dual", clipFractionDual);
        m.put("approx-kl-behaviour", approxKl);
        m.put("entropy", entropy);
        if (!Double.isNaN(klReference)) {
            m.put("kl-reference", klReference);
        }
        m.put("advantage-abs-mean", advantageAbsMean);
        m.put("all-incorrect-advantage-share", allIncorrectAdvantageShare);
        m.put("ratio-mean", ratioMean);
        m.put("ratio-max", ratioMax);
        m.put("staleness-mean", stalenessMean);
        m.put("staleness-max", (double) stalenessMax);
        m.put("tokens", (double) tokens);
        m.put("samples", (double) samples);
        m.put("groups", (double) groups);
        m.put("optimizer-steps", (double) optimizerSteps);
        m.put("skipped-steps", (double) skippedSteps);
        m.put("recomputed-steps", (double) recomputedSteps);
        m.put("gradient-abs-max", gradientAbsMax);
        m.put("update-seconds", seconds);
        return m;
    }

    /** One line for logs. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "loss %.4f clip %.3f/%.3f dual %.3f kl %.2e H %.3f |A| %.3f (all-incorrect %.3f) ρ %.3f/%.3f stale %.2f/%d |g| %.2e "
                        + "tokens %d steps %d%s%s %.2fs",
                loss, clipFractionLow, clipFractionHigh, clipFractionDual, approxKl, entropy, advantageAbsMean, allIncorrectAdvantageShare,
                ratioMean, ratioMax,
                stalenessMean, stalenessMax, gradientAbsMax, tokens, optimizerSteps, skippedSteps == 0 ? "" : " (skipped " + skippedSteps + ")",
                recomputedSteps == 0 ? "" : " (recomputed " + recomputedSteps + ")", seconds);
    }
}
