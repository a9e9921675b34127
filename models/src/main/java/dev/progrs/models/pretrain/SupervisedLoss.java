package dev.progrs.models.pretrain;

import ai.djl.ndarray.NDArray;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;

/**
 * Token-mean negative log-likelihood of the completions:
 * L = −(1/|T|) Σ_{t ∈ T} log π_θ(y_t | y_&lt;t), T the completion tokens of the batch (temperature 1).
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
}
