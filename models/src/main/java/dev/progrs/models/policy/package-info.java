/**
 * The policy language model: {@link dev.progrs.models.policy.PolicyNetwork} (decoder-only, tied
 * head), {@link dev.progrs.models.policy.PolicyModel} (network + tokenizer + version on a device;
 * {@code tokenLogProbs} for training), {@link dev.progrs.models.policy.PolicySampler} (batched
 * KV-cache decoding with temperature/top-p, per-token behaviour log-probs, greedy),
 * {@link dev.progrs.models.policy.SequenceBatch} (prompt + completion rows aligned with
 * {@code tokenLogProbs}) and {@link dev.progrs.models.policy.PromptFormat}
 * ({@code BOS · prompt · \n · solution · EOS}).
 */
package dev.progrs.models.policy;
