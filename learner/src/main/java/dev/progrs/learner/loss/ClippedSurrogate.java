package dev.progrs.learner.loss;

import dev.progrs.models.autograd.GraphScalars;
import ai.djl.ndarray.NDArray;
import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Objects;

/**
 * The token-level clipped surrogate of asynchronous GRPO (docs/method.md §5, "GRPO surrogate: clipping and dual-clip"),
 * with the importance ratio taken against the behaviour policy that sampled each token, a dual clip for
 * negative advantages ({@link DualClip}), and an optional k3 KL penalty towards a frozen reference policy.
 * Pure tensor code: no model, no I/O.
 *
 * <pre>
 *   ρ(b,t)      = exp(clip(log π_θ(o_t) − log π_behave(o_t), −20, 20))
 *   ℓ_clip(b,t) = −min( ρ·A_b ,  clip(ρ, 1 − ε_low, 1 + ε_high)·A_b )
 *   ℓ_pg(b,t)   = min( ℓ_clip(b,t) ,  c·|A_b| )                             (dual clip; c = +∞ when off)
 *   k3(b,t)     = exp(log π_ref − log π_θ) − (log π_ref − log π_θ) − 1      (≥ 0; only when β &gt; 0)
 *   ℓ(b,t)      = ℓ_pg(b,t) + β·k3(b,t)
 *   L           = {@link LossAggregation#aggregate aggregate}(ℓ, m)              (token-mean or seq-mean-token-mean)
 * </pre>
 * The gradient of ℓ_pg is {@code −A·ρ·∇log π_θ} except where a clip is active: for A &gt; 0 and
 * ρ &gt; 1 + ε_high, for A &lt; 0 and ρ &lt; 1 − ε_low, and (dual clip) for A &lt; 0 and ρ &gt; c, it is
 * zero. At ρ = 1 it is the REINFORCE gradient {@code −A·∇log π_θ}. So with the dual clip on, no token
 * weighs more than |A|·max(c, 1 + ε_high), whatever its ratio; without it a negative-advantage token
 * weighs |A|·ρ, up to |A|·e^20.
 *
 * <p>Padding positions (m = 0) get a log-ratio of 0 before the exponential, so a garbage log-prob
 * there can never overflow into the loss. On completion tokens the log-ratio is bounded to
 * [−{@value #LOG_RATIO_BOUND}, {@value #LOG_RATIO_BOUND}] before the exponential (ρ ≤ e^20 ≈ 4.9e8):
 * a behaviour log-prob far below the current one (a token the behaviour policy nearly never picks,
 * a sampler that recorded −1e9 for a masked token, a temperature mismatch) would otherwise give
 * ρ = +∞ and, with the dual clip off and A &lt; 0, an infinite loss and NaN gradients. The dual clip
 * alone would not save such a token: its loss would be c·|A|, but the backward of the exponential
 * multiplies the (zero) upstream gradient by ρ = +∞, which is NaN; so the bound stays. Outside the
 * bound the ratio has no gradient; such tokens are outliers by construction.
 *
 * @param epsLow      ε_low ≥ 0: lower clip 1 − ε_low
 * @param epsHigh     ε_high ≥ 0: upper clip 1 + ε_high
 * @param aggregation how per-token terms become one scalar
 * @param beta        β ≥ 0, weight of the k3 KL to the reference policy
 * @param dualClip    the ceiling c on ρ for negative advantages, or {@link DualClip#OFF}
 */
public record ClippedSurrogate(double epsLow, double epsHigh, LossAggregation aggregation, double beta, DualClip dualClip) {

    /** |log ρ| is bounded by this before the exponential. */
    public static final float LOG_RATIO_BOUND = 20f;

    public ClippedSurrogate {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(dualClip, DualClip.CONFIG);
        InvalidSettingException.require(epsLow >= 0 && epsLow < 1, "eps-low", epsLow, "0 <= eps-low < 1");
        InvalidSettingException.require(epsHigh >= 0 && !Double.isInfinite(epsHigh), "eps-high", epsHigh, "a finite eps-high >= 0");
        InvalidSettingException.require(beta >= 0 && !Double.isInfinite(beta), "beta", beta, "a finite beta >= 0");
    }

    /**
     * Evaluates the loss and its diagnostics.
     *
     * @param logProbs          log π_θ(o_t), [B, T] (differentiable)
     * @param behaviourLogProbs log π_behave(o_t), [B, T] (constant)
     * @param advantages        A, [B, 1] per sequence or [B, T] per token (constant)
     * @param mask              m, [B, T] float, 1 on completion tokens
     * @param referenceLogProbs log π_ref(o_t), [B, T] (constant), or null when β = 0
     */
    public SurrogateTerms evaluate(NDArray logProbs, NDArray behaviourLogProbs, NDArray advantages, NDArray mask,
                                   NDArray referenceLogProbs) {
        if (beta > 0 && referenceLogProbs == null) {
            throw new IllegalArgumentException("beta = " + beta + " > 0 needs reference log-probs");
        }
        NDArray logRatio = logProbs.sub(behaviourLogProbs).mul(mask).clip(-LOG_RATIO_BOUND, LOG_RATIO_BOUND);
        NDArray ratio = logRatio.exp();
        NDArray unclipped = ratio.mul(advantages);
        NDArray clipped = ratio.clip(1 - epsLow, 1 + epsHigh).mul(advantages);
        NDArray perToken = unclipped.minimum(clipped).neg();
        if (!dualClip.off()) {
            perToken = perToken.minimum(GraphScalars.times(advantages.abs(), dualClip.c()));
        }
        NDArray k3 = null;
        if (referenceLogProbs != null) {
            NDArray refMinusTheta = referenceLogProbs.sub(logProbs).mul(mask);
            k3 = refMinusTheta.exp().sub(refMinusTheta).sub(1f);
            if (beta > 0) {
                perToken = perToken.add(GraphScalars.times(k3, beta));
            }
        }
        NDArray loss = aggregation.aggregate(perToken, mask);

        // Diagnostics, outside the graph.
        NDArray r = ratio.stopGradient();
        NDArray lr = logRatio.stopGradient();
        NDArray a = advantages.broadcast(r.getShape());
        NDArray tokens = mask.sum();
        NDArray denominator = tokens.maximum(1f);
        NDArray clippedLow = r.lt(1 - epsLow).logicalAnd(a.lt(0f)).toType(mask.getDataType(), false).mul(mask);
        NDArray clippedHigh = r.gt(1 + epsHigh).logicalAnd(a.gt(0f)).toType(mask.getDataType(), false).mul(mask);
        NDArray clippedDual = dualClip.off() ? mask.zerosLike()
                : r.gt(dualClip.c()).logicalAnd(a.lt(0f)).toType(mask.getDataType(), false).mul(mask);
        // k3 estimate of KL(π_behave ‖ π_θ) from samples of π_behave: ρ − 1 − log ρ.
        NDArray approxKl = r.sub(1f).sub(lr).mul(mask).sum().div(denominator);
        NDArray klRef = k3 == null ? null : k3.stopGradient().mul(mask).sum().div(denominator);
        return new SurrogateTerms(loss, tokens, clippedLow.sum().div(denominator), clippedHigh.sum().div(denominator),
                clippedDual.sum().div(denominator), approxKl, r.mul(mask).sum().div(denominator), r.mul(mask).max(), klRef);
    }
}
