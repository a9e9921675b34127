package dev.progrs.scorer.worker;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities a {@link ScorerWorker} records on its {@link dev.progrs.stage.clock.StageClock}:
 * busy {@link #SCORING} and {@link #PUBLISHING}, waiting {@link #INPUT_WAIT}.
 */
public enum ScorerActivity implements StageActivity {
    /** The frozen PRM over every step prefix and the coherence evaluator ({@link dev.progrs.scorer.scoring.TrajectoryScorer#score}). */
    SCORING("scoring", Kind.BUSY),

    /** The rest of a batch's transaction: decoding, encoding, sending, offsets, commit. */
    PUBLISHING("publishing", Kind.BUSY),

    /** Inside {@code poll}: waiting for committed trajectories. */
    INPUT_WAIT("input-wait", Kind.WAITING);

    private final String id;
    private final Kind kind;

    ScorerActivity(String id, Kind kind) {
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
