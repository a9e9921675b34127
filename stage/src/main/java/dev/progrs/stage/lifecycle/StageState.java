package dev.progrs.stage.lifecycle;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a stage is in its life. The legal transitions:
 *
 * <pre>
 *   CREATED ──run()──▶ RUNNING ──stop requested──▶ STOPPING
 *      │                  │                           │
 *      │ stop before run  ├──────────┬────────────────┤
 *      ▼                  ▼          ▼                ▼
 *    CLOSED            STOPPED    FAILED           CRASHED
 * </pre>
 *
 * {@code RUNNING → STOPPED} without a stop request is a stage that finished its work (a learner
 * that published its last version). A stage runs once: every state but {@link #CREATED} refuses
 * {@code run()}, and the four terminal states accept no transition.
 */
public enum StageState {
    /** Built, clients created, nothing consumed yet. */
    CREATED,
    /** The loop runs on the caller of {@code run()}. */
    RUNNING,
    /** A stop was requested; the loop ends after the current batch. */
    STOPPING,
    /** The loop ended normally and released everything. */
    STOPPED,
    /** The loop ended by an exception (see {@link StageLifecycle#failure()}) and released everything. */
    FAILED,
    /** A {@link SimulatedCrash} ended the loop: clients closed at once, the open transaction left to the broker. */
    CRASHED,
    /** Stopped before it ever ran; its clients were released without running. */
    CLOSED;

    /** Whether no transition leaves this state. */
    public boolean isTerminal() {
        return this == STOPPED || this == FAILED || this == CRASHED || this == CLOSED;
    }

    /** Whether {@code next} may follow this state. */
    public boolean canBecome(StageState next) {
        return successors().contains(next);
    }

    private Set<StageState> successors() {
        return switch (this) {
            case CREATED -> EnumSet.of(RUNNING, CLOSED);
            case RUNNING -> EnumSet.of(STOPPING, STOPPED, FAILED, CRASHED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED, CRASHED);
            case STOPPED, FAILED, CRASHED, CLOSED -> EnumSet.noneOf(StageState.class);
        };
    }
}
