package dev.progrs.scorer.worker;

/**
 * The activities a {@link ScorerWorker} records on its {@link dev.progrs.schemas.stagetime.StageClock}:
 * busy {@link #SCORING} and {@link #PUBLISHING}, waiting {@link #INPUT_WAIT}.
 */
public final class ScorerTime {
    /** The frozen PRM over every step prefix and the coherence evaluator ({@link dev.progrs.scorer.scoring.TrajectoryScorer#score}). */
    public static final String SCORING = "scoring";
    /** The rest of a batch's transaction: decoding, encoding, sending, offsets, commit. */
    public static final String PUBLISHING = "publishing";
    /** Inside {@code poll}: waiting for committed trajectories. */
    public static final String INPUT_WAIT = "input-wait";

    private ScorerTime() {
    }
}
