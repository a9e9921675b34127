package dev.progrs.generator.worker;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities a {@link GeneratorWorker} records on its {@link dev.progrs.stage.clock.StageClock}.
 * Busy: {@link #SAMPLING}, {@link #VERIFYING}, {@link #PUBLISHING}, {@link #POLICY_LOAD}. Waiting:
 * {@link #GATE_CLOSED} (the {@link PolicyGate} refused: too stale, or in sync mode waiting for the
 * next version) and {@link #PROMPT_WAIT} (gate open but no prompt to take: the feeder's admission
 * control holds them back, or it has not published yet).
 */
public enum GeneratorActivity implements StageActivity {
    /** Batched, KV-cached decoding of K samples per prompt. */
    SAMPLING("sampling", Kind.BUSY),

    /** Outcome verification of every sample. */
    VERIFYING("verifying", Kind.BUSY),

    /** The batch's transaction: trajectories, dead letters, offsets, commit. */
    PUBLISHING("publishing", Kind.BUSY),

    /** Loading a newly announced policy checkpoint. */
    POLICY_LOAD("policy-load", Kind.BUSY),

    /** Blocked at the policy gate (staleness bound or sync mode). */
    GATE_CLOSED("gate-closed", Kind.WAITING),

    /** Polling for prompts with the gate open (empty topic; linger to fill a batch). */
    PROMPT_WAIT("prompt-wait", Kind.WAITING);

    private final String id;
    private final Kind kind;

    GeneratorActivity(String id, Kind kind) {
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
