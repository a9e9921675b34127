package dev.progrs.models.pretrain;

import ai.djl.ndarray.NDArray;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;

/**
 * Token-mean negative log-likelihood of the completions:
 * L = −(1/|T|) Σ_{t ∈ T} log π_θ(y_t | y_&lt;t), T the completion tokens of the batch (temperature 1);
 * with label smoothing ε the target is (1 − ε)·onehot(y_t) + ε/V over the V tokens:
 * <pre>
 *   L_ε = −(1/|T|) Σ_{t ∈ T} [ (1 − ε) · log π_θ(y_t | y_&lt;t) + (ε/V) · Σ_v log π_θ(v | y_&lt;t) ]
 * </pre>
 * whose minimiser puts π(y_t) = 1 − ε + ε/V on the reference token.
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

    /** {@link #of(PolicyModel, SequenceBatch, NDArray)} with label smoothing {@code epsilon} in [0, 1); 0 is that loss. */
    public static NDArray of(PolicyModel model, SequenceBatch batch, NDArray offsets, double epsilon) {
        if (epsilon == 0) {
            return of(model, batch, offsets);
        }
        NDArray ids = batch.ids();
        NDArray logits = (offsets == null ? model.network().logits(ids, batch.mask())
                : model.network().logits(ids, batch.mask(), offsets)).get(":, :-1, :");
        NDArray logProbs = logits.logSoftmax(-1);
        long vocab = logProbs.getShape().get(2);
        NDArray target = logProbs.mul(ids.get(":, 1:").oneHot((int) vocab)).sum(new int[] {2});
        NDArray uniform = logProbs.mean(new int[] {2});
        NDArray perToken = target.mul((float) (1 - epsilon)).add(uniform.mul((float) epsilon));
        return perToken.mul(batch.targetMask()).sum().div(batch.targetMask().sum()).neg();
    }
}
