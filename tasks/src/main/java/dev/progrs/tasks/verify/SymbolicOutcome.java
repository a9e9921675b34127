package dev.progrs.tasks.verify;

/**
 * Result of one symbolic comparison.
 *
 * @param kind   what was decided
 * @param detail how (method and values) or why not, for the verdict's reason
 */
public record SymbolicOutcome(Kind kind, String detail) {

    /** Decision kinds; only {@link #EQUAL} counts as correct. */
    public enum Kind { EQUAL, NOT_EQUAL, PARSE_FAILURE, TIMEOUT, ERROR }

    public boolean equal() {
        return kind == Kind.EQUAL;
    }
}
