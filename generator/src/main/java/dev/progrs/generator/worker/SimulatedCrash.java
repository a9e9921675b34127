package dev.progrs.generator.worker;

/**
 * Thrown by a {@link BatchHook} to make the worker stop as if its process were killed: it closes
 * its producer and consumers at once, neither committing nor aborting the open transaction. The
 * broker aborts that transaction when a successor with the same generator id starts (fencing) or
 * when the transaction timeout passes. For crash tests and drills only.
 */
public final class SimulatedCrash extends RuntimeException {
    public SimulatedCrash(String message) {
        super(message);
    }
}
