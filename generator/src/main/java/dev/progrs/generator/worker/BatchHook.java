package dev.progrs.generator.worker;

/**
 * Observes a worker's transaction as it is written, for tests and drills (e.g. killing a worker
 * half-way through a group with {@link dev.progrs.stage.lifecycle.SimulatedCrash}). Called on the worker thread.
 */
@FunctionalInterface
public interface BatchHook {

    /** What was just sent inside the open transaction. */
    interface Sent {
        String promptId();

        String groupId();

        int sampleIndex();

        int groupSize();

        /** Blocks until everything sent so far is written to the broker (still uncommitted). */
        void flush();
    }

    /** Called after each trajectory is handed to the producer, before the transaction commits. */
    void afterSend(Sent sent);

    /** A hook that does nothing. */
    BatchHook NONE = sent -> { };
}
