/**
 * The scorer's pure step, without Kafka: a trajectory's PRM quantiles per step, step confidences,
 * multi-scale coherence and process score ({@link dev.progrs.scorer.scoring.TrajectoryScorer}). The
 * scorer worker and a lock-step run call the same class.
 */
package dev.progrs.scorer.scoring;
