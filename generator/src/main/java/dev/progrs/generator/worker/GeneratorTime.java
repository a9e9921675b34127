package dev.progrs.generator.worker;

/**
 * The activities a {@link GeneratorWorker} records on its {@link dev.progrs.schemas.stagetime.StageClock}.
 * Busy: {@link #SAMPLING}, {@link #VERIFYING}, {@link #PUBLISHING}, {@link #POLICY_LOAD}. Waiting:
 * {@link #GATE_CLOSED} (the {@link PolicyGate} refused: too stale, or in sync mode waiting for the
 * next version) and {@link #PROMPT_WAIT} (gate open but no prompt to take: the feeder's admission
 * control holds them back, or it has not published yet).
 */
public final class GeneratorTime {
    /** Batched, KV-cached decoding of K samples per prompt. */
    public static final String SAMPLING = "sampling";
    /** Outcome verification of every sample. */
    public static final String VERIFYING = "verifying";
    /** The batch's transaction: trajectories, dead letters, offsets, commit. */
    public static final String PUBLISHING = "publishing";
    /** Loading a newly announced policy checkpoint. */
    public static final String POLICY_LOAD = "policy-load";
    /** Blocked at the policy gate (staleness bound or sync mode). */
    public static final String GATE_CLOSED = "gate-closed";
    /** Polling for prompts with the gate open (empty topic; linger to fill a batch). */
    public static final String PROMPT_WAIT = "prompt-wait";

    private GeneratorTime() {
    }
}
