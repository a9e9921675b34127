/**
 * The generator's pure step, without Kafka: a prompt's K samples, their verdicts and their
 * trajectories ({@link dev.progrs.generator.rollout.GroupRollout}), with the step splitting, the
 * outcome rule and the group ids it relies on. The generator worker and a lock-step run call the
 * same classes.
 */
package dev.progrs.generator.rollout;
