package dev.progrs.learner.worker;

/**
 * Thrown by a {@link LearnerHook} to make the worker stop as if its process died: its producer and
 * consumer are closed at once, the open transaction is neither committed nor aborted (the broker
 * aborts it when the restarted learner initialises its transactions). Tests and drills only.
 */
public final class SimulatedCrash extends RuntimeException {
    public SimulatedCrash(String message) {
        super(message);
    }
}
