package dev.progrs.learner.loss;

import dev.progrs.models.autograd.GraphScalars;
import ai.djl.ndarray.NDArray;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SequenceBatch;
import dev.progrs.stage.settings.InvalidSettingException;

/**
 * One forward pass of the policy over a {@link SequenceBatch} that yields both what the loss needs
 * and the entropy diagnostic, from the same logits z (so the entropy costs no second forward):
 * <pre>
 *   log π_T(v | x_{≤t}) = log softmax(z(b, t) / T)[v]
 *   logProbs(b, t)      = log π_T(x_{t+1} | x_{≤t})                      (= PolicyModel.tokenLogProbs)
 *   entropy(b, t)       = −Σ_v π_T(v | x_{≤t}) · log π_T(v | x_{≤t})
 * </pre>
 *
 * @param logProbs [B, L−1], differentiable inside a GradientCollector
 * @param entropy  [B, L−1], outside the graph
 * @param logits   z, [B, L−1, V] before the temperature, outside the graph (for diagnostics of a non-finite step)
 */
public record PolicyForward(NDArray logProbs, NDArray entropy, NDArray logits) {

    /**
     * @param temperature the sampling temperature T of the behaviour policy (the ratio must compare
     *                    the same distributions the generator sampled from)
     */
    public static PolicyForward of(PolicyModel policy, SequenceBatch batch, float temperature) {
        InvalidSettingException.require(temperature > 0, "temperature", temperature, "a number > 0");
        NDArray ids = batch.ids();
        NDArray raw = policy.network().logits(ids, batch.mask()).get(":, :-1, :");
        NDArray logits = temperature != 1f ? GraphScalars.dividedBy(raw, temperature) : raw;
        NDArray logSoftmax = logits.logSoftmax(-1);
        NDArray targets = ids.get(":, 1:");
        NDArray logProbs = logSoftmax.mul(targets.oneHot(policy.config().vocabSize())).sum(new int[] {2});
        NDArray detached = logSoftmax.stopGradient();
        NDArray entropy = detached.exp().mul(detached).sum(new int[] {2}).neg();
        return new PolicyForward(logProbs, entropy, raw.stopGradient());
    }
}
