package dev.progrs.generator.feeder;

/**
 * The activities a {@link PromptFeeder} records on its {@link dev.progrs.schemas.stagetime.StageClock}:
 * busy {@link #PUBLISHING}, waiting {@link #ADMISSION_WAIT}.
 */
public final class FeederTime {
    /** Building and sending prompts, flushing the producer. */
    public static final String PUBLISHING = "publishing";
    /** Admission control has no capacity: waiting for a new policy version. */
    public static final String ADMISSION_WAIT = "admission-wait";

    private FeederTime() {
    }
}
