package dev.progrs.stage.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one stage instance as a {@link StageState} with legal transitions only, plus what
 * other threads wait on: the stop request (which cuts back-off pauses short) and the end of the
 * loop. Safe from any thread.
 *
 * <p>A worker's {@code run()} is {@link #run(Loop, Consumer)}: the loop runs while
 * {@link #isRunning()}; a {@link WakeupException} after a stop request is the normal way out of a
 * blocked poll; a {@link SimulatedCrash} ends it as {@link StageState#CRASHED}; any other exception
 * as {@link StageState#FAILED}, rethrown. The release callback always runs, with the terminal state,
 * before {@link #awaitTermination} returns.
 */
public final class StageLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(StageLifecycle.class);

    /** The body of a stage's {@code run()}. */
    @FunctionalInterface
    public interface Loop {
        void run();
    }

    private final String stage;
    private final AtomicReference<StageState> state = new AtomicReference<>(StageState.CREATED);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile Throwable failure;

    /** @param stage the stage instance's name in messages, e.g. {@code generator g0} */
    public StageLifecycle(String stage) {
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }

    public StageState state() {
        return state.get();
    }

    /** Whether the loop runs and no stop was requested. */
    public boolean isRunning() {
        return state.get() == StageState.RUNNING;
    }

    /** Whether a stop was requested or the stage is over (neither {@link StageState#CREATED} nor {@link StageState#RUNNING}). */
    public boolean isStopRequested() {
        StageState s = state.get();
        return s != StageState.CREATED && s != StageState.RUNNING;
    }

    /** The exception that ended the loop ({@link StageState#FAILED}), if any. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Runs {@code loop} as the stage's life: {@code CREATED → RUNNING}, then a terminal state.
     *
     * @param release closes the stage's clients; told the terminal state ({@link StageState#CRASHED}: close at once)
     * @throws IllegalStateException if the stage is not {@link StageState#CREATED} (a stage runs once)
     */
    public void run(Loop loop, Consumer<StageState> release) {
        start();
        StageState end = StageState.STOPPED;
        try {
            loop.run();
        } catch (WakeupException e) {
            if (!isStopRequested()) {
                end = fail(e);
                throw e;
            }
        } catch (SimulatedCrash e) {
            end = StageState.CRASHED;
            LOG.warn("{}: simulated crash ({}); the open transaction is left to the broker", stage, e.getMessage());
        } catch (RuntimeException | Error e) {
            end = fail(e);
            LOG.error("{} failed: {}", stage, e.toString());
            throw e;
        } finally {
            try {
                release.accept(end);
            } finally {
                finish(end);
            }
        }
    }

    /**
     * Asks the loop to end after the current batch; any thread, returns at once.
     *
     * @return the state before: {@link StageState#CREATED} means the stage never ran and is now
     *         {@link StageState#CLOSED}, so the caller releases its clients itself;
     *         {@link StageState#RUNNING} means the caller should wake the loop's blocking calls
     */
    public StageState requestStop() {
        while (true) {
            StageState s = state.get();
            StageState next = switch (s) {
                case CREATED -> StageState.CLOSED;
                case RUNNING -> StageState.STOPPING;
                default -> null;
            };
            if (next == null) {
                stopRequested.countDown();
                return s;
            }
            if (state.compareAndSet(s, next)) {
                stopRequested.countDown();
                if (next == StageState.CLOSED) {
                    terminated.countDown();
                }
                return s;
            }
        }
    }

    /**
     * Sleeps for {@code d}, or less when a stop is requested meanwhile. An interrupt counts as a
     * stop request (the interrupt flag is kept).
     *
     * @return true if the whole pause passed, false if it was cut short by a stop request
     */
    public boolean pause(Duration d) {
        try {
            return !stopRequested.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
            return false;
        }
    }

    /** Waits until the loop has ended and released everything (or the stage was closed unstarted), at most {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void start() {
        if (!state.compareAndSet(StageState.CREATED, StageState.RUNNING)) {
            throw new IllegalStateException(stage + " is " + state.get() + "; a stage runs once, from " + StageState.CREATED);
        }
    }

    private StageState fail(Throwable e) {
        failure = e;
        return StageState.FAILED;
    }

    private void finish(StageState end) {
        StageState s = state.getAndUpdate(now -> now.canBecome(end) ? end : now);
        if (!s.canBecome(end)) {
            LOG.warn("{}: ended as {} from {}, which cannot become {}", stage, s, s, end);
        }
        stopRequested.countDown();
        terminated.countDown();
    }
}
