package dev.progrs.learner.worker;

/**
 * The activities a {@link LearnerWorker} records on its {@link dev.progrs.schemas.stagetime.StageClock}:
 * busy {@link #ASSEMBLING}, {@link #UPDATE}, {@link #CHECKPOINT}, {@link #PUBLISHING}; waiting
 * {@link #BATCH_WAIT}.
 */
public final class LearnerTime {
    /** Inside {@code poll} with the batch not yet full: waiting for groups from the centering stream. */
    public static final String BATCH_WAIT = "batch-wait";
    /** Decoding, validating and admitting groups into the batch; dead letters. */
    public static final String ASSEMBLING = "assembling";
    /** The U optimiser steps of a GRPO update. */
    public static final String UPDATE = "update";
    /** Storing the new version's checkpoint (atomic, fsynced). */
    public static final String CHECKPOINT = "checkpoint";
    /** The transaction announcing the version with its offsets. */
    public static final String PUBLISHING = "publishing";

    private LearnerTime() {
    }
}
