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
        NDArray lp = model.tokenLogProbs(batch.ids(), batch.mask(), 1f);
        return lp.mul(batch.targetMask()).sum().div(batch.targetMask().sum()).neg();
    }
}
