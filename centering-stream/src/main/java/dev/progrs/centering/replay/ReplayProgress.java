package dev.progrs.centering.replay;

/** Where a replay is, for a progress bar: called about every {@value #INTERVAL_MS} ms while the stream runs. */
@FunctionalInterface
public interface ReplayProgress {

    /** How often the replay reports. */
    long INTERVAL_MS = 250;

    /** Reports nothing. */
    ReplayProgress NONE = (replayed, total) -> { };

    /**
     * @param replayed input records whose processing is committed (the replay's consumer-group offsets)
     * @param total    input records to replay (up to the end offsets taken at the start)
     */
    void records(long replayed, long total);
}
