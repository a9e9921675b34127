/**
 * Reusable pre-norm transformer building blocks (DJL blocks with fixed parameter shapes):
 * {@link dev.progrs.models.transformer.TokenPositionEmbedding} (with the tied output head),
 * {@link dev.progrs.models.transformer.MultiHeadSelfAttention} (optional KV cache),
 * {@link dev.progrs.models.transformer.TransformerLayer},
 * {@link dev.progrs.models.transformer.TransformerStack} (causal or bidirectional, final norm),
 * {@link dev.progrs.models.transformer.AttentionMasks} (padding + causal additive masks, position ids)
 * and {@link dev.progrs.models.transformer.KvCache}. All ops take the activation as first operand so
 * results belong to the caller's NDManager (docs/djl-notes.md, pitfall 1).
 */
package dev.progrs.models.transformer;
