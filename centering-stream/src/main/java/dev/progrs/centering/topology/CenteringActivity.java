package dev.progrs.centering.topology;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities of the centering stream on its {@link dev.progrs.stage.clock.StageClock}. Busy:
 * {@link #PROCESSING} (the processor's own work: buffering, centering, emitting, measured in the
 * processor) and {@link #EOS_COMMIT} (the exactly-once transaction commits, read from the Kafka
 * Streams client metrics). Waiting: {@link #INPUT_WAIT} (the stream threads' remaining blocked time,
 * mostly polling for input).
 */
public enum CenteringActivity implements StageActivity {
    /** Buffering samples, centring complete groups and emitting them. */
    PROCESSING("processing", Kind.BUSY),

    /** Committing the exactly-once transactions. */
    EOS_COMMIT("exactly-once-commit", Kind.BUSY),

    /** Blocked on input (polling an empty topic). */
    INPUT_WAIT("input-wait", Kind.WAITING);

    private final String id;
    private final Kind kind;

    CenteringActivity(String id, Kind kind) {
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
