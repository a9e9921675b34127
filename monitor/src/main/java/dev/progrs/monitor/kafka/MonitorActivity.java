package dev.progrs.monitor.kafka;

import dev.progrs.stage.clock.StageActivity;
import dev.progrs.stage.clock.StageClock.Kind;

/**
 * The activities the live {@link MonitorRunner} records on its {@link dev.progrs.stage.clock.StageClock}:
 * busy {@link #PROCESSING}, waiting {@link #INPUT_WAIT}.
 */
public enum MonitorActivity implements StageActivity {
    /** Decoding, the engine, windows and alerts of a live poll's records. */
    PROCESSING("processing", Kind.BUSY),

    /** Inside a live {@code poll}. */
    INPUT_WAIT("input-wait", Kind.WAITING);

    private final String id;
    private final Kind kind;

    MonitorActivity(String id, Kind kind) {
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
