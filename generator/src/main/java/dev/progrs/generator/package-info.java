/**
 * Generator worker and prompt feeder (being written: issue 4 items 5-6).
 *
 * <p>{@code dev.progrs.generator.worker}: consumes {@code progrs.prompts}, samples K solutions per
 * prompt with the current policy, splits steps, verifies outcomes and publishes one {@code
 * Trajectory} per sample inside a Kafka transaction per group. {@code dev.progrs.generator.feeder}:
 * publishes training prompts paced by admission control.
 */
package dev.progrs.generator;
