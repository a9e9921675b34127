package dev.progrs.tasks.verify;

import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.form.tex.TeXParser;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Symja-backed equality of two LaTeX expressions, every call bounded by a timeout, never throwing.
 *
 * <p>Decision for {@code d = a − b}:
 * <ul>
 *   <li>no free variables: {@code |N(d)| ≤ tol · max(|N(a)|, |N(b)|, 1)} with
 *       {@code tol = 1e-4} when either side holds a decimal literal (rounded answers such as
 *       {@code 6.2832} for {@code 2π}) and {@code 1e-9} otherwise; an exact non-zero rational
 *       {@code d} is unequal whatever the tolerance;</li>
 *   <li>free variables: equal when {@code PossibleZeroQ(d)} holds, or when {@code a} and {@code b}
 *       agree (same tolerance) at {@code randomPoints} random points with every variable drawn
 *       uniformly from [0.5, 2.5].</li>
 * </ul>
 * A parse giving {@code $Aborted}, or a symbol with a multi-letter name (an unknown LaTeX command
 * such as {@code \lfloor} read as the product {@code lfloor}), is a {@link SymbolicOutcome.Kind#PARSE_FAILURE}.
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

    /** What a comparison accepts as equal. */
    private enum Mode { EQUAL, UP_TO_SIGN, UP_TO_FACTOR, UP_TO_POSITIVE_FACTOR }

    /** Compares two normalised LaTeX scalars. */
    public SymbolicOutcome compare(String gold, String pred) {
        return run(gold, pred, Mode.EQUAL, timeout);
    }

    /** Compares two normalised LaTeX scalars within {@code min(timeout, limit)}. */
    public SymbolicOutcome compare(String gold, String pred, Duration limit) {
        return run(gold, pred, Mode.EQUAL, limit);
    }

    /** Compares two expressions up to sign (for equations {@code l − r = 0}). */
    public SymbolicOutcome compareUpToSign(String gold, String pred) {
        return run(gold, pred, Mode.UP_TO_SIGN, timeout);
    }

    /** Compares two expressions up to sign within {@code min(timeout, limit)}. */
    public SymbolicOutcome compareUpToSign(String gold, String pred, Duration limit) {
        return run(gold, pred, Mode.UP_TO_SIGN, limit);
    }

    /**
     * Whether {@code pred = c · gold} for one constant {@code c ≠ 0} (with {@code positive}, {@code c > 0}),
     * within {@code min(timeout, limit)}: the ratio {@code pred / gold} takes the same value (relative
     * tolerance as for equality) at every random point. For relations rearranged and rescaled:
     * {@code 2x+4y-3} and {@code y+x/2-3/4} (c = 1/4); an inequality keeps its direction only under c &gt; 0.
     */
    public SymbolicOutcome compareUpToFactor(String gold, String pred, boolean positive, Duration limit) {
        return run(gold, pred, positive ? Mode.UP_TO_POSITIVE_FACTOR : Mode.UP_TO_FACTOR, limit);
    }

    private SymbolicOutcome run(String gold, String pred, Mode mode, Duration limit) {
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

    /** Owns one Symja evaluator on one thread. */
    private static final class Worker {
        final ExecutorService executor;
        final int randomPoints;
        final SplittableRandom rng;
        volatile EvalEngine engine;
        volatile boolean busy;
        ExprEvaluator evaluator;
        TeXParser tex;

        Worker(int randomPoints, long seed) {
            this.randomPoints = randomPoints;
            this.rng = new SplittableRandom(seed);
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "progrs-symja");
                t.setDaemon(true);
                return t;
            });
        }

        void init() {
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            evaluator = new ExprEvaluator(true, (short) 0);
            engine = evaluator.getEvalEngine();
            engine.setQuietMode(true);
            engine.setOutPrintStream(nowhere);
            engine.setErrorPrintStream(nowhere);
            tex = new TeXParser();
            // first evaluation and TeX parse load the rule tables
            compare("\\frac{\\sqrt{2}}{2}+x^2", "\\frac{1}{\\sqrt{2}}+x\\cdot x", Mode.EQUAL);
        }

        void stop() {
            EvalEngine e = engine;
            if (e != null) {
                e.stopRequest();
            }
        }

        SymbolicOutcome compare(String gold, String pred, Mode mode) {
            busy = true;
            try {
                engine.setStopRequested(false);
                IExpr a = parse(gold);
                if (a == null) {
                    return new SymbolicOutcome(SymbolicOutcome.Kind.PARSE_FAILURE, "gold does not parse: " + gold);
                }
                IExpr b = parse(pred);
                if (b == null) {
                    return new SymbolicOutcome(SymbolicOutcome.Kind.PARSE_FAILURE, "prediction does not parse: " + pred);
                }
                double tol = hasDecimal(gold) || hasDecimal(pred) ? 1e-4 : 1e-9;
                Set<IExpr> vars = new LinkedHashSet<>();
                collectVariables(a, vars);
                collectVariables(b, vars);
                if (mode == Mode.UP_TO_FACTOR || mode == Mode.UP_TO_POSITIVE_FACTOR) {
                    return proportional(a, b, new ArrayList<>(vars), tol, mode == Mode.UP_TO_POSITIVE_FACTOR);
                }
                if (mode == Mode.UP_TO_SIGN) {
                    SymbolicOutcome plus = atRandomPoints(a, b, new ArrayList<>(vars), tol);
                    if (plus != null && plus.equal()) {
                        return plus;
                    }
                    IExpr negB = evaluator.eval(F.Negate(b));
                    SymbolicOutcome minus = atRandomPoints(a, negB, new ArrayList<>(vars), tol);
                    if (minus != null) {
                        return minus;
                    }
                    if (plus != null) {
                        return plus;
                    }
                    boolean zero = evaluator.eval(F.PossibleZeroQ(F.Subtract(a, b))).isTrue()
                            || evaluator.eval(F.PossibleZeroQ(F.Plus(a, b))).isTrue();
                    return new SymbolicOutcome(zero ? SymbolicOutcome.Kind.EQUAL : SymbolicOutcome.Kind.NOT_EQUAL,
                            "symbolic up to sign: " + a + (zero ? " = ±(" : " ≠ ±(") + b + ")");
                }
                if (vars.isEmpty()) {
                    SymbolicOutcome numeric = numericallyEqual(a, b, tol, "numeric");
                    if (numeric.kind() != SymbolicOutcome.Kind.EQUAL || tol > 1e-6) {
                        return numeric;
                    }
                    // numerically equal within 1e-9: an exact non-zero difference (2^1009 vs 2^1009+1) still differs
                    IExpr diff = evaluator.eval(F.Subtract(a, b));
                    if (diff.isNumber() && !diff.isZero() && !diff.isInexactNumber()) {
                        return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "exact: " + a + " - (" + b + ") = " + diff);
                    }
                    return numeric;
                }
                SymbolicOutcome points = atRandomPoints(a, b, new ArrayList<>(vars), tol);
                if (points != null) {
                    return points;
                }
                IExpr diff = evaluator.eval(F.Subtract(a, b));
                if (diff.isZero() || evaluator.eval(F.PossibleZeroQ(diff)).isTrue()) {
                    return new SymbolicOutcome(SymbolicOutcome.Kind.EQUAL, "symbolic: " + a + " - (" + b + ") = 0");
                }
                return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "symbolic: could not show " + a + " = " + b);
            } catch (RuntimeException | StackOverflowError e) {
                return new SymbolicOutcome(SymbolicOutcome.Kind.ERROR, "symbolic evaluation failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } finally {
                busy = false;
            }
        }

        private IExpr parse(String latex) {
            IExpr e;
            try {
                e = tex.parse(latex);
            } catch (RuntimeException ex) {
                return null;
            }
            if (e == null || e.isPresent() && e.toString().contains("$Aborted") || !e.isPresent()) {
                return null;
            }
            return wellFormed(e) ? e : null;
        }

        private SymbolicOutcome numericallyEqual(IExpr a, IExpr b, double tol, String method) {
            org.hipparchus.complex.Complex na = evaluator.evalComplex(a);
            org.hipparchus.complex.Complex nb = evaluator.evalComplex(b);
            if (na.isNaN() || nb.isNaN() || na.isInfinite() || nb.isInfinite()) {
                return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, method + ": not finite numbers " + a + ", " + b);
            }
            double scale = Math.max(Math.max(mag(na), mag(nb)), 1.0);
            double d = mag(na.subtract(nb));
            boolean eq = d <= tol * scale;
            return new SymbolicOutcome(eq ? SymbolicOutcome.Kind.EQUAL : SymbolicOutcome.Kind.NOT_EQUAL,
                    method + ": |" + na + " - " + nb + "| = " + d + (eq ? " <= " : " > ") + tol + "·" + scale);
        }

        /** Equal/not equal from random points, or {@code null} when too few points evaluate to numbers. */
        private SymbolicOutcome atRandomPoints(IExpr a, IExpr b, List<IExpr> vars, double tol) {
            int agreed = 0;
            for (int attempt = 0; attempt < randomPoints * 3 && agreed < randomPoints; attempt++) {
                java.util.Map<IExpr, IExpr> rules = new java.util.LinkedHashMap<>();
                for (IExpr v : vars) {
                    rules.put(v, F.num(0.5 + 2.0 * rng.nextDouble()));
                }
                org.hipparchus.complex.Complex na;
                org.hipparchus.complex.Complex nb;
                try {
                    // substitute structurally, then one numeric evaluation per side
                    na = evaluator.evalComplex(a.replaceAll(rules).orElse(a));
                    nb = evaluator.evalComplex(b.replaceAll(rules).orElse(b));
                } catch (RuntimeException e) {
                    continue;
                }
                if (na.isNaN() || nb.isNaN() || na.isInfinite() || nb.isInfinite()) {
                    continue;
                }
                double scale = Math.max(Math.max(mag(na), mag(nb)), 1.0);
                if (mag(na.subtract(nb)) > tol * scale) {
                    return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "random points: " + a + " and " + b
                            + " differ at " + rules + " (" + na + " vs " + nb + ")");
                }
                agreed++;
            }
            if (agreed >= randomPoints) {
                return new SymbolicOutcome(SymbolicOutcome.Kind.EQUAL, "random points: " + a + " and " + b + " agree at " + agreed + " points in " + vars);
            }
            return null;
        }

        /** {@code b = c·a} with one constant c (c &gt; 0 when {@code positive}) at random points; not equal when too few evaluate. */
        private SymbolicOutcome proportional(IExpr a, IExpr b, List<IExpr> vars, double tol, boolean positive) {
            org.hipparchus.complex.Complex ratio = null;
            int agreed = 0;
            for (int attempt = 0; attempt < randomPoints * 3 && agreed < randomPoints; attempt++) {
                java.util.Map<IExpr, IExpr> rules = new java.util.LinkedHashMap<>();
                for (IExpr v : vars) {
                    rules.put(v, F.num(0.5 + 2.0 * rng.nextDouble()));
                }
                org.hipparchus.complex.Complex na;
                org.hipparchus.complex.Complex nb;
                try {
                    na = evaluator.evalComplex(a.replaceAll(rules).orElse(a));
                    nb = evaluator.evalComplex(b.replaceAll(rules).orElse(b));
                } catch (RuntimeException e) {
                    continue;
                }
                if (na.isNaN() || nb.isNaN() || na.isInfinite() || nb.isInfinite() || mag(na) < 1e-12 || mag(nb) < 1e-12) {
                    continue;
                }
                org.hipparchus.complex.Complex r = nb.divide(na);
                if (ratio == null) {
                    ratio = r;
                    if (positive && (r.getReal() <= 0 || Math.abs(r.getImaginary()) > tol * mag(r))) {
                        return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "proportional: " + b + " = " + r + " · (" + a + "), not a positive factor");
                    }
                } else if (mag(r.subtract(ratio)) > tol * Math.max(mag(ratio), 1e-300)) {
                    return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "proportional: " + b + " / (" + a + ") is not constant ("
                            + ratio + " vs " + r + " at " + rules + ")");
                }
                agreed++;
            }
            if (agreed >= randomPoints) {
                return new SymbolicOutcome(SymbolicOutcome.Kind.EQUAL, "proportional: " + b + " = " + ratio + " · (" + a + ") at " + agreed + " points");
            }
            return new SymbolicOutcome(SymbolicOutcome.Kind.NOT_EQUAL, "proportional: too few points where " + a + " and " + b + " are finite and non-zero");
        }

        private static double mag(org.hipparchus.complex.Complex c) {
            return Math.hypot(c.getReal(), c.getImaginary());
        }

        private static boolean hasDecimal(String s) {
            for (int i = 1; i < s.length() - 1; i++) {
                if (s.charAt(i) == '.' && Character.isDigit(s.charAt(i + 1))) {
                    return true;
                }
            }
            return s.startsWith(".");
        }

        /**
         * Free quantities to substitute: user symbols, and opaque terms that stand for one
         * ({@code Subscript(r,0)}, an unknown function call such as {@code D(M,t)} or {@code f(x)}).
         */
        private static void collectVariables(IExpr e, Set<IExpr> out) {
            if (e.isSymbol()) {
                ISymbol s = (ISymbol) e;
                if (!s.isBuiltInSymbol() && !s.isConstantAttribute()) {
                    out.add(s);
                }
                return;
            }
            if (e.isAST()) {
                IAST ast = (IAST) e;
                IExpr head = ast.head();
                if (head == F.Subscript || head.isSymbol() && !head.isBuiltInSymbol() || head.toString().equals("D")) {
                    out.add(e);
                    return;
                }
                for (int i = 1; i < ast.size(); i++) {
                    collectVariables(ast.get(i), out);
                }
            }
        }

        /** False for parses that mean the TeX was not understood. */
        private static boolean wellFormed(IExpr e) {
            if (e.isSymbol()) {
                String name = e.toString();
                return e.isBuiltInSymbol() || name.codePointCount(0, name.length()) == 1;
            }
            if (e.isAST()) {
                IAST ast = (IAST) e;
                String head = ast.head().toString();
                if (head.equals("Sequence") || head.equals("$Aborted") || head.equals("Subsuperscript")) {
                    return false;
                }
                for (int i = 0; i < ast.size(); i++) {
                    if (!wellFormed(ast.get(i))) {
                        return false;
                    }
                }
            }
            return !e.toString().equals("$Aborted");
        }
    }
}
