package dev.progrs.learner.worker;

/**
 * Observes the publication of each version, for crash tests and drills: a hook that throws
 * {@link dev.progrs.stage.lifecycle.SimulatedCrash} stops the worker as if its process were killed at that point. Called on
 * the worker thread.
 */
public interface LearnerHook {

    /** The optimiser steps of {@code version} are done; nothing is stored yet. */
    default void afterUpdate(long version) {
    }

    /** The checkpoint of {@code version} is durable in the store; nothing is announced yet. */
    default void afterCheckpoint(long version) {
    }

    /** The announcement and the offsets of {@code version} are in the open transaction; not committed. */
    default void beforeCommit(long version) {
    }

    /** A hook that does nothing. */
    LearnerHook NONE = new LearnerHook() {
    };
}
