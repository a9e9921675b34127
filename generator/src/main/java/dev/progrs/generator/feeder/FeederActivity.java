package dev.progrs.generator.feeder;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities a {@link PromptFeeder} records on its {@link dev.progrs.stage.clock.StageClock}:
 * busy {@link #PUBLISHING}, waiting {@link #ADMISSION_WAIT}.
 */
public enum FeederActivity implements StageActivity {
    /** Building and sending prompts, flushing the producer. */
    PUBLISHING("publishing", Kind.BUSY),

    /** Admission control has no capacity: waiting for a new policy version. */
    ADMISSION_WAIT("admission-wait", Kind.WAITING);

    private final String id;
    private final Kind kind;

    FeederActivity(String id, Kind kind) {
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
