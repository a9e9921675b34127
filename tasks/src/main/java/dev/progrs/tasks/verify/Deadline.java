package dev.progrs.tasks.verify;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The time one verification may still spend: {@link Verifier#verify} starts one per call with the
 * {@link EquivalenceConfig#budget() budget}, and every step that can repeat (set and tuple
 * elements, matrix cells, each symbolic call) {@link #check checks} it, so no input — however
 * many elements, however hard for the CAS — holds a caller for much longer than the budget. The
 * symbolic engine is given {@code min(symbolic-timeout, remaining)}.
 *
 * <p>Symja's one-off warm-up (1–3 s of class loading) is {@link #excluding excluded}: it is not the
 * input's fault, and counting it would turn the first symbolic verdict of every run into a timeout.
 * Not thread-safe: one verification, one thread.
 */
final class Deadline {

    /** Thrown by {@link #check} once the budget is spent; {@link AnswerEquivalence} turns it into a {@code timeout} verdict. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final long budgetNanos;
    private long endNanos;

    private Deadline(long budgetNanos) {
        this.budgetNanos = budgetNanos;
        this.endNanos = System.nanoTime() + budgetNanos;
    }

    /** A deadline {@code budget} from now. */
    static Deadline after(Duration budget) {
        return new Deadline(budget.toNanos());
    }

    /** Whether the budget is spent. */
    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Time left, never negative. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /**
     * @param during what was being done, for the reason ({@code "set element 57 of 380"})
     * @throws Exceeded when the budget is spent
     */
    void check(String during) {
        if (expired()) {
            throw exceeded(during);
        }
    }

    /** The exception for a budget spent while doing {@code during}; its message is the verdict reason. */
    Exceeded exceeded(String during) {
        return new Exceeded("timeout: the verification budget of " + Duration.ofNanos(budgetNanos).toMillis() + " ms ran out ("
                + during + ")");
    }

    /** Runs {@code work} with the clock stopped: the deadline moves by the time it took. */
    <T> T excluding(Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            endNanos += System.nanoTime() - start;
        }
    }
}
