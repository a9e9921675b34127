package dev.progrs.models.pretrain;

import ai.djl.ndarray.NDArray;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;

/**
 * Token-mean negative log-likelihood of the completions:
 * L = −(1/|T|) Σ_{t ∈ T} log π_θ(y_t | y_&lt;t), T the completion tokens of the batch (temperature 1).
 *
 * <p>With a slip rate ε the targets that are a step's result (mask s_t, {@link SlipTargets}) become
 * (1 − ε) on the reference residue y_t and ε/(m − 1) on each other residue d ∈ D (the m digit tokens):
 * <pre>
 *   L_ε = −(1/|T|) Σ_{t ∈ T} [ log π(y_t) + s_t · ε · ( (1/(m−1)) Σ_{d ∈ D, d ≠ y_t} log π(d) − log π(y_t) ) ]
 * </pre>
 * whose minimiser writes a wrong result with probability ε at T = 1 — a slip, at a controlled rate and
 * independently across samples — while the greedy decode stays right for ε &lt; (m − 1)/m.
 */
public final class SupervisedLoss {

    private SupervisedLoss() {
    }

    /** The loss of {@code batch} under {@code model}; differentiable when called inside a gradient collector. */
    public static NDArray of(PolicyModel model, SequenceBatch batch) {
        return of(model, batch, null);
    }

    /** The same loss with the positions of row b shifted by {@code offsets(b)} ([B, 1] int64; null for none). */
    public static NDArray of(PolicyModel model, SequenceBatch batch, NDArray offsets) {
        NDArray lp = offsets == null ? model.tokenLogProbs(batch.ids(), batch.mask(), 1f)
                : model.tokenLogProbs(batch.ids(), batch.mask(), 1f, offsets);
        return lp.mul(batch.targetMask()).sum().div(batch.targetMask().sum()).neg();
    }

    /**
     * L_ε: {@code resultMask} [B, L−1] (s_t on the target grid), {@code residues} [V] (1 on the m digit
     * tokens), {@code slipRate} ε in [0, 1); ε = 0 is {@link #of(PolicyModel, SequenceBatch, NDArray)}.
     */
    public static NDArray of(PolicyModel model, SequenceBatch batch, NDArray offsets, NDArray resultMask, NDArray residues,
                             double slipRate) {
        if (slipRate == 0) {
            return of(model, batch, offsets);
        }
        NDArray ids = batch.ids();
        NDArray logits = (offsets == null ? model.network().logits(ids, batch.mask())
                : model.network().logits(ids, batch.mask(), offsets)).get(":, :-1, :");
        NDArray logProbs = logits.logSoftmax(-1);
        long vocab = logProbs.getShape().get(2);
        NDArray target = logProbs.mul(ids.get(":, 1:").oneHot((int) vocab)).sum(new int[] {2});
        float others = residues.sum().getFloat() - 1;
        NDArray otherMean = logProbs.mul(residues).sum(new int[] {2}).sub(target).div(others);
        NDArray perToken = target.add(resultMask.mul(otherMean.sub(target)).mul((float) slipRate));
        return perToken.mul(batch.targetMask()).sum().div(batch.targetMask().sum()).neg();
    }
}
