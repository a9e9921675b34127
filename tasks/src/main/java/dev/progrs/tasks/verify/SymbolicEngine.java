package dev.progrs.tasks.verify;

import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.form.tex.TeXParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Symja-backed equality of two LaTeX expressions ({@link SymbolicEquality} holds the rules), every
 * call bounded by a timeout, never throwing.
 *
 * <p>Threads: Symja keeps its evaluation state per thread, so one daemon worker thread owns the
 * evaluator; callers wait at most {@code timeout} for it. On a timeout the engine is asked to stop;
 * if the worker does not come back within a grace period it is abandoned and a fresh one is warmed on
 * the next call. Warm-up (1–3 s: class loading, rule tables) happens lazily on the first call,
 * outside the per-call timeout, or eagerly through {@link #warm()}.
 */
public final class SymbolicEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SymbolicEngine.class);
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);
    private static final long GRACE_MILLIS = 250;

    private final Duration timeout;
    private final int randomPoints;
    private final long seed;
    private Worker worker;

    public SymbolicEngine(Duration timeout, int randomPoints, long seed) {
        this.timeout = timeout;
        this.randomPoints = randomPoints;
        this.seed = seed;
    }

    /** Starts and warms the worker now (otherwise the first comparison does). */
    public synchronized void warm() {
        worker();
    }

    /** True once a worker has been warmed. */
    public synchronized boolean isWarm() {
        return worker != null;
    }

    /** Compares two normalised LaTeX scalars. */
    public SymbolicOutcome compare(String gold, String pred) {
        return run(gold, pred, SymbolicEquality.Mode.EQUAL, timeout);
    }

    /** Compares two normalised LaTeX scalars within {@code min(timeout, limit)}. */
    public SymbolicOutcome compare(String gold, String pred, Duration limit) {
        return run(gold, pred, SymbolicEquality.Mode.EQUAL, limit);
    }

    /** Compares two expressions up to sign (for equations {@code l − r = 0}). */
    public SymbolicOutcome compareUpToSign(String gold, String pred) {
        return run(gold, pred, SymbolicEquality.Mode.UP_TO_SIGN, timeout);
    }

    /** Compares two expressions up to sign within {@code min(timeout, limit)}. */
    public SymbolicOutcome compareUpToSign(String gold, String pred, Duration limit) {
        return run(gold, pred, SymbolicEquality.Mode.UP_TO_SIGN, limit);
    }

    /**
     * Whether {@code pred = c · gold} for one constant {@code c ≠ 0} (with {@code positive}, {@code c > 0}),
     * within {@code min(timeout, limit)}: the ratio {@code pred / gold} takes the same value (relative
     * tolerance as for equality) at every random point. For relations rearranged and rescaled:
     * {@code 2x+4y-3} and {@code y+x/2-3/4} (c = 1/4); an inequality keeps its direction only under c &gt; 0.
     */
    public SymbolicOutcome compareUpToFactor(String gold, String pred, boolean positive, Duration limit) {
        return run(gold, pred, positive ? SymbolicEquality.Mode.UP_TO_POSITIVE_FACTOR : SymbolicEquality.Mode.UP_TO_FACTOR, limit);
    }

    private SymbolicOutcome run(String gold, String pred, SymbolicEquality.Mode mode, Duration limit) {
        long millis = Math.min(timeout.toMillis(), limit.toMillis());
        if (millis < 1) {
            return new SymbolicOutcome(SymbolicOutcome.Kind.TIMEOUT, "no time left for a symbolic comparison");
        }
        Worker w;
        synchronized (this) {
            try {
                w = worker();
            } catch (RuntimeException e) {
                return new SymbolicOutcome(SymbolicOutcome.Kind.ERROR, "symbolic engine failed to start: " + e);
            }
        }
        Future<SymbolicOutcome> f = w.executor.submit(() -> w.compare(gold, pred, mode));
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            w.stop();
            f.cancel(true);
            try {
                f.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // still stuck or cancelled: decide below
            }
            if (!f.isDone() || w.busy) {
                synchronized (this) {
                    if (worker == w) {
                        worker = null;
                    }
                }
                w.executor.shutdownNow();
                LOG.warn("symbolic worker abandoned after a {} ms timeout", millis);
            }
            return new SymbolicOutcome(SymbolicOutcome.Kind.TIMEOUT, "symbolic comparison exceeded " + millis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new SymbolicOutcome(SymbolicOutcome.Kind.ERROR, "interrupted");
        } catch (ExecutionException e) {
            return new SymbolicOutcome(SymbolicOutcome.Kind.ERROR, "symbolic comparison failed: " + e.getCause());
        }
    }

    private Worker worker() {
        if (worker == null) {
            Worker w = new Worker(randomPoints, seed);
            Future<?> init = w.executor.submit(w::init);
            try {
                init.get(WARM_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.executor.shutdownNow();
                throw new IllegalStateException("interrupted while warming Symja", e);
            } catch (ExecutionException | TimeoutException e) {
                w.executor.shutdownNow();
                throw new IllegalStateException("Symja did not start within " + WARM_UP_LIMIT.toSeconds() + " s", e);
            }
            worker = w;
        }
        return worker;
    }

    @Override
    public synchronized void close() {
        if (worker != null) {
            worker.executor.shutdownNow();
            worker = null;
        }
    }

    /** Owns one Symja evaluator on one daemon thread; the equality rules run there. */
    private static final class Worker {
        final ExecutorService executor;
        final int randomPoints;
        final SplittableRandom rng;
        volatile EvalEngine engine;
        volatile boolean busy;
        SymbolicEquality rules;

        Worker(int randomPoints, long seed) {
            this.randomPoints = randomPoints;
            this.rng = new SplittableRandom(seed);
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "progrs-symja");
                t.setDaemon(true);
                return t;
            });
        }

        /** On the worker thread: creates the evaluator and warms it (the first evaluation and TeX parse load the rule tables). */
        void init() {
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            ExprEvaluator evaluator = new ExprEvaluator(true, (short) 0);
            engine = evaluator.getEvalEngine();
            engine.setQuietMode(true);
            engine.setOutPrintStream(nowhere);
            engine.setErrorPrintStream(nowhere);
            rules = new SymbolicEquality(evaluator, new TeXParser(), randomPoints, rng);
            compare("\\frac{\\sqrt{2}}{2}+x^2", "\\frac{1}{\\sqrt{2}}+x\\cdot x", SymbolicEquality.Mode.EQUAL);
        }

        /** Asks a running evaluation to stop; any thread. */
        void stop() {
            EvalEngine e = engine;
            if (e != null) {
                e.stopRequest();
            }
        }

        /** On the worker thread. */
        SymbolicOutcome compare(String gold, String pred, SymbolicEquality.Mode mode) {
            busy = true;
            try {
                engine.setStopRequested(false);
                return rules.compare(gold, pred, mode);
            } finally {
                busy = false;
            }
        }
    }
}
