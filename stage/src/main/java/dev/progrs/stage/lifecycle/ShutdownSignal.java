package dev.progrs.stage.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns the JVM's shutdown (Ctrl-C, SIGTERM) into a stop request a command can wait on, and holds
 * the JVM's exit until the command has closed its stages cleanly (at most a grace period).
 *
 * <pre>{@code
 * try (ShutdownSignal shutdown = ShutdownSignal.install("progrs-scorer", Duration.ofSeconds(40))) {
 *     start the stages ...
 *     while (!shutdown.await(Duration.ofSeconds(1))) { report progress; if a stage failed: shutdown.request(); }
 *     close the stages ...
 * }   // close(): the hook is released (or removed when the JVM is not shutting down)
 * }</pre>
 *
 * The hook itself does no work: it signals and waits for {@link #close()}, so stages are always
 * closed by the command's own thread, in its order, whether it ends by a signal, its budget or a
 * failure.
 */
public final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownSignal(String name, Duration grace) {
        this.hook = new Thread(() -> {
            requested.countDown();
            try {
                released.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
    }

    /**
     * Registers the shutdown hook.
     *
     * @param name  the command's name, for the hook thread's name (e.g. {@code progrs-learner})
     * @param grace how long the JVM's exit waits for {@link #close()} after a signal
     */
    public static ShutdownSignal install(String name, Duration grace) {
        ShutdownSignal s = new ShutdownSignal(name, grace);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Whether a stop was requested (by a signal or {@link #request()}). */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Requests the stop from within the process (a stage failed, the budget is spent), as a signal would. */
    public void request() {
        requested.countDown();
    }

    /** Waits for a stop request at most {@code timeout}; true once one was made. */
    public boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for a stop request, however long it takes. */
    public void await() throws InterruptedException {
        requested.await();
    }

    /**
     * Releases the JVM's exit if a signal is being handled, and otherwise removes the hook, so a
     * command run in-process (tests, {@code progrs run}) leaves no hook behind.
     */
    @Override
    public void close() {
        released.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is running the hook already; released above
        }
    }
}
