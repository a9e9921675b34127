/**
 * Supervised warm start of the policy ({@link dev.progrs.models.pretrain.SupervisedWarmStart}, the
 * engine of {@code progrs pretrain}) and greedy Pass@1 evaluation ({@link dev.progrs.models.pretrain.PassAtOne}).
 */
package dev.progrs.models.pretrain;
