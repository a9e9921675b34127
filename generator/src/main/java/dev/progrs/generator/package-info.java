/**
 * Generator workers and the prompt feeder (see generator/README.md).
 *
 * <p>{@code dev.progrs.generator.worker}: consumes {@code progrs.prompts}, samples K solutions per
 * prompt with the current policy, splits steps, verifies outcomes and publishes one {@code
 * Trajectory} per sample, each batch of groups in one Kafka transaction with the prompt offsets.
 * {@code dev.progrs.generator.feeder}: publishes training prompts paced by admission control.
 * {@code dev.progrs.generator.policy}: follows, loads and publishes policy versions.
 */
package dev.progrs.generator;
