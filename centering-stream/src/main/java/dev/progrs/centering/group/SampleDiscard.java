package dev.progrs.centering.group;

/**
 * Why a valid sample ends in the dead-letter topic instead of an emitted group. Every sample that
 * passed {@link SampleInvariants} ends in exactly one of the two; these are the only ways out besides
 * an emitted group. The {@link #id} starts the dead letter's reason, so a reader can count by kind.
 */
public enum SampleDiscard {
    /** Its index is already in the group (open, or closed with that sample in it). */
    DUPLICATE("duplicate"),
    /** Its group was closed (timed out or stale) before it arrived, without this index. */
    LATE("late"),
    /** Its group's oldest policy version fell more than max-staleness behind (docs/method.md §5). */
    STALE("stale"),
    /** Its group reached the timeout with fewer than 2 samples, too few to centre. */
    TIMED_OUT("timed-out");

    private final String id;

    SampleDiscard(String id) {
        this.id = id;
    }

    /** @return the kind as it starts a dead letter's reason */
    public String id() {
        return id;
    }

    /** @return {@code "<id>: <detail>"}, the dead letter's reason */
    public String reason(String detail) {
        return id + ": " + detail;
    }
}
