/**
 * Supervised warm start of the policy ({@link dev.progrs.models.pretrain.SupervisedWarmStart}, the
 * engine of {@code progrs pretrain}); it measures its progress with {@link dev.progrs.models.eval.PassAtOne}.
 */
package dev.progrs.models.pretrain;
