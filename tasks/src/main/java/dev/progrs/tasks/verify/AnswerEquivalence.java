package dev.progrs.tasks.verify;

import dev.progrs.tasks.verify.AnswerShape.Bracketed;
import dev.progrs.tasks.verify.AnswerShape.Matrix;
import dev.progrs.tasks.verify.AnswerShape.Scalar;
import dev.progrs.tasks.verify.AnswerShape.Union;
import dev.progrs.tasks.verify.AnswerShape.Unordered;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a predicted answer equals a gold answer, cheapest test first:
 * <ol>
 *   <li>identical strings, or both plain integers ({@code 007} = {@code 7}): no normalisation;</li>
 *   <li>{@link LatexNormalizer normalised} strings equal (spaces and braces ignored);</li>
 *   <li>structure ({@link AnswerShape}): tuples/intervals element-wise with equal brackets, sets and
 *       comma lists as sets (repeats ignored), unions part-wise, matrices cell-wise; a gold inequality
 *       against a predicted interval as {@link RelationComparison#asInterval the interval it describes};</li>
 *   <li>per value: multiple-choice letters; word answers case-insensitively; rational literals
 *       exactly ({@link ExactNumber}), or as {@link DecimalApproximation approximations}; a gold that is
 *       an integer is never sent to the CAS (a decimal gold may be matched by a constant expression);
 *       ratios and times ({@code 7:32}) as written; {@link RelationComparison relations} (equations up to
 *       a constant factor, inequalities flipped and rescaled, chains);</li>
 *   <li>when that says "not equal": the {@link Percentages percentage} and {@link DecimalComma decimal
 *       comma} readings;</li>
 *   <li>otherwise Symja ({@link SymbolicEngine}), bounded by a timeout, started lazily.</li>
 * </ol>
 * Sets and unions are matched in two passes: elements with the same value key (normalised text, or
 * the reduced fraction of an exact number) pair up through a hash map, in linear time, and only the
 * elements left over are compared pair by pair (each pair may need the CAS). Every comparison runs
 * within a {@link Deadline} ({@link EquivalenceConfig#budget()}): when it runs out the result is
 * "not equal" with a reason starting {@code timeout}. Never throws: any failure is "not equal" with
 * the reason.
 */
public final class AnswerEquivalence implements AutoCloseable {

    /**
     * @param equal  the verdict
     * @param reason how it was decided
     */
    public record Result(boolean equal, String reason) {
    }

    /** Longer answers are rejected before any regex or CAS sees them (bounds the cost of a call). */
    public static final int MAX_ANSWER_CHARS = 4000;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern CHOICE = Pattern.compile("^\\(?([A-Ea-e])\\)?$");
    private static final Pattern BINOM = Pattern.compile("\\\\binom\\{([^{}]*)\\}\\{([^{}]*)\\}");
    private static final Pattern SUB_SUPER = Pattern.compile("([A-Za-z]|\\\\[a-zA-Z]+)_(\\{[^{}]*\\}|[A-Za-z0-9])\\^");
    private static final Pattern JUXTAPOSED = Pattern.compile("(^|[^\\\\a-zA-Z])([a-zA-Z])\\s+(?=[a-zA-Z\\\\(])");
    private static final Pattern PRIME = Pattern.compile("([A-Za-z])\\^\\{?\\s*((?:\\\\prime\\s*)+)\\}?|([A-Za-z])('+)");
    /** {@code 7:32}, {@code 12:00}: ratios and clock times, compared as written (the CAS reads {@code :} as something else). */
    private static final Pattern RATIO = Pattern.compile("\\d\\s*:\\s*\\d");
    private static final Pattern COMMAND = Pattern.compile("\\\\[a-zA-Z]+");
    private static final Pattern IMPLICIT_CALL = Pattern.compile("(^|[^\\\\a-zA-Z])([a-zA-Z])\\s*\\(");

    private final SymbolicEngine symbolic;
    private final Duration budget;
    private final RelationComparison relations;

    public AnswerEquivalence(EquivalenceConfig config) {
        this.symbolic = new SymbolicEngine(config.symbolicTimeout(), config.randomPoints(), config.seed());
        this.budget = config.budget();
        this.relations = new RelationComparison(this::compareNormalized, (g, p, positive, d) -> bounded(
                symbolic.compareUpToFactor(forSymja(g), forSymja(p), positive, beforeSymbolic(d)), d, "symbolic comparison of " + g));
    }

    public AnswerEquivalence() {
        this(EquivalenceConfig.defaults());
    }

    /** Starts the symbolic engine now instead of on the first symbolic comparison. */
    public void warmSymbolic() {
        symbolic.warm();
    }

    /** Whether the symbolic engine has been started (the arithmetic suite never starts it). */
    public boolean symbolicStarted() {
        return symbolic.isWarm();
    }

    /** Compares {@code pred} with {@code gold} within the configured budget; never throws. */
    public Result compare(String gold, String pred) {
        return compare(gold, pred, Deadline.after(budget));
    }

    /** Compares {@code pred} with {@code gold} until {@code deadline}; never throws. */
    Result compare(String gold, String pred, Deadline deadline) {
        try {
            return compareUnchecked(gold, pred, deadline);
        } catch (Deadline.Exceeded e) {
            return new Result(false, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Result(false, "comparison failed: " + e);
        }
    }

    /** The budget of one comparison. */
    Duration budget() {
        return budget;
    }

    private Result compareUnchecked(String gold, String pred, Deadline d) {
        if (pred == null || pred.isBlank()) {
            return new Result(false, "empty prediction");
        }
        if (gold == null || gold.isBlank()) {
            return new Result(false, "empty gold answer");
        }
        String g = gold.trim();
        String p = pred.trim();
        if (p.length() > MAX_ANSWER_CHARS || g.length() > MAX_ANSWER_CHARS) {
            return new Result(false, "answer longer than " + MAX_ANSWER_CHARS + " characters");
        }
        if (g.equals(p)) {
            return new Result(true, "identical");
        }
        if (INTEGER.matcher(g).matches() && INTEGER.matcher(p).matches()) {
            boolean eq = new BigInteger(g).equals(new BigInteger(p));
            return new Result(eq, "integer: " + p + (eq ? " = " : " ≠ ") + g);
        }
        d.check("before normalising");
        String ng = LatexNormalizer.normalize(g);
        // a gold that stays a relation (2x+4y-3=0, x \le 5) must be matched by one: keep the prediction's left side
        String np = LatexNormalizer.normalize(p, !Relation.parse(ng).isRelation());
        d.check("normalising");
        if (np.isEmpty()) {
            return new Result(false, "prediction is empty after normalisation");
        }
        if (LatexNormalizer.key(ng).equals(LatexNormalizer.key(np))) {
            return new Result(true, "normalised: " + np);
        }
        Result r = shapes(AnswerShape.of(ng), AnswerShape.of(np), d);
        if (!r.equal()) {
            Result alt = Percentages.compare(g, p, ng, np);
            if (alt == null) {
                alt = DecimalComma.compare(ng, np);
            }
            if (alt != null && alt.equal()) {
                return alt;
            }
        }
        return r;
    }

    /** Compares two parts that are already normalised (values of relations): key, then structure. */
    private Result compareNormalized(String gold, String pred, Deadline d) {
        String ng = LatexNormalizer.normalize(gold);
        String np = LatexNormalizer.normalize(pred);
        if (np.isEmpty() || ng.isEmpty()) {
            return new Result(false, "empty part");
        }
        if (LatexNormalizer.key(ng).equals(LatexNormalizer.key(np))) {
            return new Result(true, "normalised: " + np);
        }
        d.check("comparing parts of relations");
        return shapes(AnswerShape.of(ng), AnswerShape.of(np), d);
    }

    private Result shapes(AnswerShape g, AnswerShape p, Deadline d) {
        if (g instanceof Scalar gs) {
            if (p instanceof Scalar ps) {
                return scalar(gs.text(), ps.text(), d);
            }
            String interval = p instanceof Bracketed ? RelationComparison.asInterval(gs.text()) : null;
            if (interval != null) {
                Result r = shapes(AnswerShape.of(interval), p, d);
                return new Result(r.equal(), "gold inequality as the interval " + interval + ": " + r.reason());
            }
            return new Result(false, "structure: gold is a single value, prediction is " + kind(p));
        }
        if (g instanceof Bracketed gb) {
            if (!(p instanceof Bracketed pb)) {
                return new Result(false, "structure: gold is a tuple/interval " + gb.open() + "…" + gb.close() + ", prediction is " + kind(p));
            }
            if (gb.open() != pb.open() || gb.close() != pb.close()) {
                return new Result(false, "brackets differ: gold " + gb.open() + "…" + gb.close() + ", prediction " + pb.open() + "…" + pb.close());
            }
            return inOrder(gb.items(), pb.items(), "tuple", d);
        }
        if (g instanceof Unordered gu) {
            List<AnswerShape> items;
            if (p instanceof Unordered pu) {
                items = pu.items();
            } else if (p instanceof Scalar) {
                items = List.of(p);
            } else {
                return new Result(false, "structure: gold is a set/list, prediction is " + kind(p));
            }
            return anyOrder(gu.items(), items, "set", d);
        }
        if (g instanceof Union gun) {
            if (!(p instanceof Union pun)) {
                return new Result(false, "structure: gold is a union, prediction is " + kind(p));
            }
            Result ordered = inOrder(gun.parts(), pun.parts(), "union", d);
            return ordered.equal() ? ordered : anyOrder(gun.parts(), pun.parts(), "union", d);
        }
        Matrix gm = (Matrix) g;
        if (!(p instanceof Matrix pm)) {
            return new Result(false, "structure: gold is a matrix, prediction is " + kind(p));
        }
        if (gm.rows().size() != pm.rows().size()) {
            return new Result(false, "matrix: " + pm.rows().size() + " rows, gold has " + gm.rows().size());
        }
        for (int r = 0; r < gm.rows().size(); r++) {
            Result row = inOrder(gm.rows().get(r), pm.rows().get(r), "matrix row " + (r + 1), d);
            if (!row.equal()) {
                return row;
            }
        }
        return new Result(true, "matrix: all cells equal");
    }

    private Result inOrder(List<AnswerShape> g, List<AnswerShape> p, String what, Deadline d) {
        if (g.size() != p.size()) {
            return new Result(false, what + ": " + p.size() + " elements, gold has " + g.size());
        }
        for (int i = 0; i < g.size(); i++) {
            if (d.expired()) {
                throw d.exceeded(what + ": " + i + " of " + g.size() + " elements compared");
            }
            Result r = shapes(g.get(i), p.get(i), d);
            if (!r.equal()) {
                return new Result(false, what + " element " + (i + 1) + ": " + r.reason());
            }
        }
        return new Result(true, what + ": all " + g.size() + " elements equal");
    }

    /**
     * Multiset matching: first every gold element takes an unused prediction element with the same
     * {@link #valueKey value key} (hash map, O(n)); each element left over then tries the unused
     * ones in turn (O(r²) comparisons for r left over, within the deadline).
     */
    private Result anyOrder(List<AnswerShape> gAll, List<AnswerShape> pAll, String what, Deadline d) {
        List<AnswerShape> g = distinct(gAll);
        List<AnswerShape> p = distinct(pAll);
        if (g.size() != p.size()) {
            return new Result(false, what + ": " + p.size() + " elements, gold has " + g.size());
        }
        int n = g.size();
        boolean[] used = new boolean[n];
        boolean[] matched = new boolean[n];
        Map<String, ArrayDeque<Integer>> byKey = new HashMap<>();
        for (int j = 0; j < n; j++) {
            String k = valueKey(p.get(j));
            if (k != null) {
                byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(j);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            String k = valueKey(g.get(i));
            ArrayDeque<Integer> same = k == null ? null : byKey.get(k);
            if (same != null && !same.isEmpty()) {
                used[same.poll()] = true;
                matched[i] = true;
                count++;
            }
        }
        d.check(what + ": " + count + " of " + n + " elements matched by value");
        for (int i = 0; i < n; i++) {
            if (matched[i]) {
                continue;
            }
            boolean found = false;
            for (int j = 0; j < n && !found; j++) {
                if (used[j]) {
                    continue;
                }
                if (d.expired()) {
                    throw d.exceeded(what + ": " + count + " of " + n + " elements matched");
                }
                if (shapes(g.get(i), p.get(j), d).equal()) {
                    used[j] = true;
                    found = true;
                    count++;
                }
            }
            if (!found) {
                if (d.expired()) {
                    // the last comparisons may have been cut by the budget: that is a timeout, not a mismatch
                    throw d.exceeded(what + ": " + count + " of " + n + " elements matched");
                }
                return new Result(false, what + ": gold element " + describe(g.get(i)) + " not in prediction");
            }
        }
        return new Result(true, what + ": all " + n + " elements match (any order)");
    }

    /** The elements without repeats of the same {@link #valueKey value key}: sets, as Math-Verify's FiniteSet reads them. */
    private static List<AnswerShape> distinct(List<AnswerShape> items) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<AnswerShape> out = new ArrayList<>(items.size());
        for (AnswerShape s : items) {
            String k = valueKey(s);
            if (k == null || seen.add(k)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * A key that equal values share, or null for structured shapes: an exact number's reduced
     * fraction ({@code =1/2} for {@code 0.5} and {@code \frac{1}{2}}), else the normalised text
     * without spaces and braces. Equal keys imply {@link #scalar} finds the values equal (its first
     * two tests), so matching by key never accepts what the pairwise test would refuse.
     */
    private static String valueKey(AnswerShape s) {
        if (s instanceof Bracketed b) {
            // a tuple's key: its brackets and its items' keys, so (3, 17) and (3,17) pair up (and repeat) by value
            StringBuilder k = new StringBuilder().append(b.open());
            for (AnswerShape item : b.items()) {
                String ik = valueKey(item);
                if (ik == null) {
                    return null;
                }
                k.append(ik).append('\u0001');
            }
            return k.append(b.close()).toString();
        }
        if (!(s instanceof Scalar sc)) {
            return null;
        }
        String t = unwrapParentheses(sc.text());
        Optional<ExactNumber> e = ExactNumber.parse(t);
        return e.isPresent() ? "=" + e.get() : "~" + LatexNormalizer.key(t);
    }

    private Result scalar(String gold, String pred, Deadline d) {
        String g = unwrapParentheses(gold);
        String p = unwrapParentheses(pred);
        if (LatexNormalizer.key(g).equals(LatexNormalizer.key(p))) {
            return new Result(true, "normalised: " + p);
        }
        Matcher gc = CHOICE.matcher(g);
        if (gc.matches()) {
            Matcher pc = CHOICE.matcher(p);
            boolean eq = pc.matches() && pc.group(1).equalsIgnoreCase(gc.group(1));
            return new Result(eq, "choice: " + (pc.matches() ? pc.group(1).toUpperCase() : p) + (eq ? " = " : " ≠ ") + gc.group(1).toUpperCase());
        }
        if (LatexNormalizer.isWord(g)) {
            boolean eq = LatexNormalizer.wordKey(g).equals(LatexNormalizer.wordKey(p));
            return new Result(eq, "word: " + p + (eq ? " = " : " ≠ ") + g);
        }
        Optional<ExactNumber> ge = ExactNumber.parse(g);
        Optional<ExactNumber> pe = ExactNumber.parse(p);
        if (ge.isPresent() && pe.isPresent()) {
            boolean eq = ge.get().sameValue(pe.get());
            if (!eq) {
                String approx = DecimalApproximation.explain(g, ge.get(), p, pe.get());
                if (approx != null) {
                    return new Result(true, "approximate number: " + approx);
                }
            }
            return new Result(eq, "exact number: " + pe.get() + (eq ? " = " : " ≠ ") + ge.get());
        }
        Result relation = relations.compare(g, p, d);
        if (relation != null) {
            return relation;
        }
        if (ge.isPresent()) {
            Optional<ExactNumber> computed = ExactArithmetic.evaluate(p);
            if (computed.isPresent()) {
                boolean eq = ge.get().sameValue(computed.get());
                return new Result(eq, "arithmetic: " + p + " = " + computed.get() + (eq ? " = " : " ≠ ") + ge.get());
            }
        }
        if (ge.isPresent() && !(g.indexOf('.') >= 0 && !hasVariables(p))) {
            // a decimal gold is an approximate value: a constant expression (\sqrt{17}) may match it numerically
            return new Result(false, "gold is the number " + ge.get() + "; prediction '" + p + "' is not a number");
        }
        if (RATIO.matcher(g).find() || RATIO.matcher(p).find()) {
            return new Result(false, "ratio or time: " + p + " ≠ " + g + " as written");
        }
        if (LatexNormalizer.isWord(p)) {
            return new Result(false, "prediction is a word, gold is an expression");
        }
        String sg = forSymja(g);
        String sp = forSymja(p);
        SymbolicOutcome o = bounded(symbolic.compare(sg, sp, beforeSymbolic(d)), d, "symbolic comparison of " + g);
        return new Result(o.equal(), o.detail());
    }

    /** Whether {@code s} has a letter outside LaTeX command names (a variable). */
    private static boolean hasVariables(String s) {
        String t = COMMAND.matcher(s).replaceAll("");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    /** Warms Symja off the clock if needed, checks the deadline, and returns the time a symbolic call may take. */
    private Duration beforeSymbolic(Deadline d) {
        if (!symbolic.isWarm()) {
            d.excluding(() -> {
                symbolic.warm();
                return null;
            });
        }
        d.check("before a symbolic comparison");
        return d.remaining();
    }

    /** A symbolic timeout caused by the budget (rather than by the symbolic timeout) is the verification's timeout. */
    private static SymbolicOutcome bounded(SymbolicOutcome o, Deadline d, String during) {
        // the engine was given min(symbolic-timeout, remaining); a timeout with (almost) nothing left is the budget's
        if (o.kind() == SymbolicOutcome.Kind.TIMEOUT && (d.expired() || d.remaining().toMillis() <= 2)) {
            throw d.exceeded(during);
        }
        return o;
    }

    /** {@code (x)} → {@code x} when the outer parentheses enclose everything. */
    static String unwrapParentheses(String s) {
        String t = s.trim();
        while (t.length() >= 2 && t.charAt(0) == '(' && t.charAt(t.length() - 1) == ')') {
            int depth = 0;
            boolean enclosing = true;
            for (int i = 0; i < t.length() - 1; i++) {
                char c = t.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        enclosing = false;
                        break;
                    }
                }
            }
            if (!enclosing) {
                break;
            }
            t = t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    /** Rewrites what Symja's TeX parser misreads: {@code \binom}, {@code n(n-1)} read as a call, {@code x_1^2}. */
    public static String forSymja(String s) {
        String t = BINOM.matcher(s).replaceAll("\\\\frac{($1)!}{($2)!(($1)-($2))!}");
        // y' and y^{\prime}: an opaque quantity y_{999} (Symja has no prime; parsing it can hang)
        Matcher pm = PRIME.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (pm.find()) {
            String base = pm.group(1) != null ? pm.group(1) : pm.group(3);
            int order = pm.group(1) != null ? pm.group(2).split("prime", -1).length - 1 : pm.group(4).length();
            pm.appendReplacement(sb, "{" + base + "_{" + (1000 - order) + "}}");
        }
        pm.appendTail(sb);
        t = sb.toString();
        t = IMPLICIT_CALL.matcher(t).replaceAll("$1$2\\\\cdot (");
        // "C s" and "C e^{x}" parse as calls C(s), C(e^x): make the product explicit
        for (int i = 0; i < 3; i++) {
            t = JUXTAPOSED.matcher(t).replaceAll("$1$2\\\\cdot ");
        }
        // r_{0}^{2} parses as Subsuperscript(r,0,2); {r_{0}}^{2} as Subscript(r,0)^2
        t = SUB_SUPER.matcher(t).replaceAll("{$1_$2}^");
        return t;
    }

    private static String kind(AnswerShape s) {
        if (s instanceof Scalar) {
            return "a single value";
        }
        if (s instanceof Bracketed b) {
            return "a tuple/interval " + b.open() + "…" + b.close();
        }
        if (s instanceof Unordered) {
            return "a set/list";
        }
        if (s instanceof Union) {
            return "a union";
        }
        return "a matrix";
    }

    private static String describe(AnswerShape s) {
        return s instanceof Scalar sc ? "'" + sc.text() + "'" : kind(s);
    }

    @Override
    public void close() {
        symbolic.close();
    }

    /** Lists unordered items for tests and reports. */
    static List<String> texts(List<AnswerShape> shapes) {
        List<String> out = new ArrayList<>();
        for (AnswerShape s : shapes) {
            out.add(describe(s));
        }
        return out;
    }
}
