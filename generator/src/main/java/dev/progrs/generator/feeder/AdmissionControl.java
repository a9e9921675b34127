package dev.progrs.generator.feeder;

import dev.progrs.stage.settings.InvalidSettingException;

/**
 * Admission control of the prompt feeder: bounds how far prompt publication runs ahead of the
 * learner, the idea of asynchronous RL systems that keep at most {@code max_staleness} policy
 * versions of work in flight.
 *
 * <p>With the learner consuming {@code batch} groups per policy version, everything published while
 * the current version is {@code v} will be trained on no later than version
 * {@code v + max_staleness}, provided
 * <pre>
 *   published ≤ (max_staleness + v + 1) · batch
 *   capacity  = (max_staleness + v + 1) · batch − published,   clamped at 0
 * </pre>
 * where {@code published} counts every prompt admitted so far (accepted by the learner or still
 * running through the pipeline). Before any version is announced {@code v} counts as 0, the warm
 * start. Pure; thread-safe.
 *
 * @param maxStaleness versions a prompt may wait, ≥ 0 (key {@code max-staleness})
 * @param batchGroups  groups the learner trains on per policy version, ≥ 1 (key {@code batch-groups})
 */
public record AdmissionControl(int maxStaleness, int batchGroups) {

    public AdmissionControl {
        InvalidSettingException.require(maxStaleness >= 0, "max-staleness", maxStaleness, "an integer >= 0");
        InvalidSettingException.require(batchGroups >= 1, "batch-groups", batchGroups, "an integer >= 1");
    }

    /** {@code (max_staleness + v + 1) · batch}, with {@code v = max(currentVersion, 0)}. */
    public long limit(long currentVersion) {
        long v = Math.max(currentVersion, 0);
        return Math.multiplyExact(maxStaleness + v + 1, (long) batchGroups);
    }

    /** How many more prompts may be published now: {@code max(0, limit(v) − published)}. */
    public long capacity(long currentVersion, long published) {
        if (published < 0) {
            throw new IllegalArgumentException("published = " + published + "; accepted: a count >= 0");
        }
        return Math.max(0, limit(currentVersion) - published);
    }
}
