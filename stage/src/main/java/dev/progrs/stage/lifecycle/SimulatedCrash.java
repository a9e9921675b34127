package dev.progrs.stage.lifecycle;

/**
 * Thrown by a stage's test hook to make the stage stop as if its process were killed: it closes its
 * producer and consumers at once, neither committing nor aborting the open transaction. The broker
 * aborts that transaction when a successor with the same transactional id starts (fencing) or when
 * the transaction timeout passes. The stage ends in {@link StageState#CRASHED}. For crash tests and
 * drills only.
 */
public final class SimulatedCrash extends RuntimeException {
    public SimulatedCrash(String message) {
        super(message);
    }
}
