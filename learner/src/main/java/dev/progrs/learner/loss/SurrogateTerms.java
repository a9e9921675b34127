package dev.progrs.learner.loss;

import ai.djl.ndarray.NDArray;

/**
 * What {@link ClippedSurrogate#evaluate} returns: the differentiable loss and scalar diagnostics
 * (outside the graph), all averaged over the completion tokens m.
 *
 * @param loss            L, the scalar to differentiate
 * @param tokens          Σ m
 * @param clipFractionLow share of tokens with ρ &lt; 1 − ε_low and A &lt; 0 (the lower clip zeroes their gradient)
 * @param clipFractionHigh share of tokens with ρ &gt; 1 + ε_high and A &gt; 0 (the upper clip zeroes their gradient)
 * @param clipFractionDual share of tokens with ρ &gt; c and A &lt; 0 (the dual clip zeroes their gradient; 0 when off)
 * @param approxKl        k3 estimate of KL(π_behave ‖ π_θ): mean of ρ − 1 − log ρ
 * @param ratioMean       mean ρ
 * @param ratioMax        max ρ
 * @param klReference     mean k3 to the reference policy, or null without a reference
 */
public record SurrogateTerms(NDArray loss, NDArray tokens, NDArray clipFractionLow, NDArray clipFractionHigh, NDArray clipFractionDual,
                             NDArray approxKl, NDArray ratioMean, NDArray ratioMax, NDArray klReference) {

    /** The diagnostics as numbers (one device-to-host read each). */
    public Values values() {
        return new Values(loss.getFloat(), tokens.getFloat(), clipFractionLow.getFloat(), clipFractionHigh.getFloat(), clipFractionDual.getFloat(),
                approxKl.getFloat(), ratioMean.getFloat(), ratioMax.getFloat(),
                klReference == null ? Double.NaN : klReference.getFloat());
    }

    /** {@link SurrogateTerms} read back as numbers; {@code klReference} is NaN without a reference. */
    public record Values(double loss, double tokens, double clipFractionLow, double clipFractionHigh, double clipFractionDual,
                         double approxKl,
                         double ratioMean, double ratioMax, double klReference) {
    }
}
