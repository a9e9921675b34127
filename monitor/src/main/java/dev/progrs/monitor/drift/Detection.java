package dev.progrs.monitor.drift;

import java.util.Objects;

/**
 * A detector's decision that a series shifted.
 *
 * @param detector       {@code page-hinkley} or {@code two-window}
 * @param direction      up or down
 * @param referenceValue the series' level before the shift (reference window or pre-change mean)
 * @param currentValue   its level after (current windows or post-change mean)
 * @param statistic      the test statistic, in units of the series' scale
 * @param threshold      the threshold it crossed
 */
public record Detection(String detector, Direction direction, double referenceValue, double currentValue,
                        double statistic, double threshold) {
    public Detection {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(direction, "direction");
    }

    /** @return currentValue − referenceValue */
    public double shift() {
        return currentValue - referenceValue;
    }
}
