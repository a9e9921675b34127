package dev.progrs.monitor.drift;

import java.util.Optional;

/**
 * A sequential change detector over one series of window values. It sees each finite value once,
 * in window order, and after reporting a detection starts afresh (a new reference after the shift).
 */
public interface DriftDetector {
    /** Feeds the next value; returns a detection when the series shifted. */
    Optional<Detection> update(double value);

    /** Forgets everything (as after a detection), e.g. when another detector fired on the same series. */
    void reset();

    /** @return {@code page-hinkley} or {@code two-window} */
    String name();
}
