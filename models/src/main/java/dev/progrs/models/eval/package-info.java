/**
 * Held-out evaluation, the one place {@code pretrain}, {@code run} and {@code experiment} measure a policy:
 * {@link dev.progrs.models.eval.PassAtOne} (greedy or sampled, per problem), {@link dev.progrs.models.eval.HeldOutScore}
 * (greedy and sampled together), {@link dev.progrs.models.eval.HeldOutChange} (the change between two evaluations with
 * its interval) and {@link dev.progrs.models.eval.TwoWayBootstrap} (paired bootstrap over seeds and problems).
 */
package dev.progrs.models.eval;
