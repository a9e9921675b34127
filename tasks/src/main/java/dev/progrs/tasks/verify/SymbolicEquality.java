package dev.progrs.tasks.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.matheclipse.core.eval.ExprEvaluator;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.form.tex.TeXParser;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * The equality rules of the symbolic path, on one Symja evaluator. Decision for {@code d = a − b}:
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
 * <p>Never throws: an evaluation that fails is an {@link SymbolicOutcome.Kind#ERROR}. Not thread-safe:
 * Symja keeps its evaluation state per thread, so {@link SymbolicEngine} calls it from the one thread
 * that owns the evaluator.
 */
final class SymbolicEquality {

    private final ExprEvaluator evaluator;
    private final TeXParser tex;
    private final int randomPoints;
    private final SplittableRandom rng;

    /**
     * @param evaluator    the evaluator, created on the calling thread
     * @param randomPoints points at which expressions with free variables must agree
     * @param rng          draws the random points
     */
    SymbolicEquality(ExprEvaluator evaluator, TeXParser tex, int randomPoints, SplittableRandom rng) {
        this.evaluator = evaluator;
        this.tex = tex;
        this.randomPoints = randomPoints;
        this.rng = rng;
    }

    /** What a comparison accepts as equal. */
    enum Mode {
        /** {@code a = b}. */
        EQUAL,
        /** {@code a = ±b} (equations {@code l − r = 0}). */
        UP_TO_SIGN,
        /** {@code b = c·a} for one constant {@code c ≠ 0} (equations rearranged and rescaled). */
        UP_TO_FACTOR,
        /** {@code b = c·a} for one constant {@code c > 0} (inequalities keep their direction). */
        UP_TO_POSITIVE_FACTOR
    }

    /** Compares two normalised LaTeX expressions as {@code mode} says. */
    SymbolicOutcome compare(String gold, String pred, Mode mode) {
        try {
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

    /** {@code b = c·a} with one constant c (c &gt; 0 when {@code positive}) at random points; not equal when too few evaluate. */
    private SymbolicOutcome proportional(IExpr a, IExpr b, List<IExpr> vars, double tol, boolean positive) {
        org.hipparchus.complex.Complex ratio = null;
        int agreed = 0;
        for (int attempt = 0; attempt < randomPoints * 3 && agreed < randomPoints; attempt++) {
            Map<IExpr, IExpr> rules = randomPoint(vars);
            org.hipparchus.complex.Complex[] values = finiteValues(a, b, rules);
            if (values == null || mag(values[0]) < 1e-12 || mag(values[1]) < 1e-12) {
                continue;
            }
            org.hipparchus.complex.Complex na = values[0];
            org.hipparchus.complex.Complex nb = values[1];
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

    /** Equal/not equal from random points, or {@code null} when too few points evaluate to numbers. */
    private SymbolicOutcome atRandomPoints(IExpr a, IExpr b, List<IExpr> vars, double tol) {
        int agreed = 0;
        for (int attempt = 0; attempt < randomPoints * 3 && agreed < randomPoints; attempt++) {
            Map<IExpr, IExpr> rules = randomPoint(vars);
            org.hipparchus.complex.Complex[] values = finiteValues(a, b, rules);
            if (values == null) {
                continue;
            }
            org.hipparchus.complex.Complex na = values[0];
            org.hipparchus.complex.Complex nb = values[1];
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

    /** @return each variable at a random value in [0.5, 2.5) */
    private Map<IExpr, IExpr> randomPoint(List<IExpr> vars) {
        Map<IExpr, IExpr> rules = new LinkedHashMap<>();
        for (IExpr v : vars) {
            rules.put(v, F.num(0.5 + 2.0 * rng.nextDouble()));
        }
        return rules;
    }

    /**
     * Substitutes {@code rules} structurally, then evaluates each side once numerically.
     *
     * @return {value of a, value of b}, or null when either fails to evaluate or is NaN or infinite
     */
    private org.hipparchus.complex.Complex[] finiteValues(IExpr a, IExpr b, Map<IExpr, IExpr> rules) {
        org.hipparchus.complex.Complex na;
        org.hipparchus.complex.Complex nb;
        try {
            na = evaluator.evalComplex(a.replaceAll(rules).orElse(a));
            nb = evaluator.evalComplex(b.replaceAll(rules).orElse(b));
        } catch (RuntimeException e) {
            return null;
        }
        if (na.isNaN() || nb.isNaN() || na.isInfinite() || nb.isInfinite()) {
            return null;
        }
        return new org.hipparchus.complex.Complex[] {na, nb};
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
