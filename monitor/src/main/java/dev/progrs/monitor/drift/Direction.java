package dev.progrs.monitor.drift;

/** Which way a signal moved. */
public enum Direction {
    UP("up"),
    DOWN("down");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    /** @return the value of {@code DriftReport.direction} */
    public String wire() {
        return wire;
    }

    /** @return UP for a positive shift, DOWN otherwise */
    public static Direction of(double shift) {
        return shift > 0 ? UP : DOWN;
    }
}
