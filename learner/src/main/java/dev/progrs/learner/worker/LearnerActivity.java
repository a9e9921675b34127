package dev.progrs.learner.worker;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities a {@link LearnerWorker} records on its {@link dev.progrs.stage.clock.StageClock}:
 * busy {@link #ASSEMBLING}, {@link #UPDATE}, {@link #CHECKPOINT}, {@link #PUBLISHING}; waiting
 * {@link #BATCH_WAIT}.
 */
public enum LearnerActivity implements StageActivity {
    /** Inside {@code poll} with the batch not yet full: waiting for groups from the centering stream. */
    BATCH_WAIT("batch-wait", Kind.WAITING),

    /** Decoding, validating and admitting groups into the batch; dead letters. */
    ASSEMBLING("assembling", Kind.BUSY),

    /** The U optimiser steps of a GRPO update. */
    UPDATE("update", Kind.BUSY),

    /** Storing the new version's checkpoint (atomic, fsynced). */
    CHECKPOINT("checkpoint", Kind.BUSY),

    /** The transaction announcing the version with its offsets. */
    PUBLISHING("publishing", Kind.BUSY);

    private final String id;
    private final Kind kind;

    LearnerActivity(String id, Kind kind) {
        this.id = id;
        this.kind = kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }
}
