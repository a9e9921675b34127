package dev.progrs.tasks.verify;

import dev.progrs.tasks.verify.AnswerEquivalence.Result;

/**
 * Equality of answers that are {@link Relation relations} (equations, inequalities, chains), or
 * where one side is a relation and the other a value. Rules, first that applies:
 * <ol>
 *   <li>gold a value, prediction an equation chain {@code a = b = … = v}: the prediction's value is
 *       its last part {@code v} (a worked computation that ends in the answer, {@code x = 5+5+1 = 11});</li>
 *   <li>gold an equation, prediction a value: the gold's value is its last part when the gold is a
 *       chain of three or more parts or its left side is a {@link Relation#isName name}
 *       ({@code |AB| = 1}, {@code f(x) = 1}); otherwise ({@code 7 = 11a+c}, {@code a + 3z = 0}) an
 *       equation was asked for and a value does not answer it;</li>
 *   <li>both equations whose left sides are the same name ({@code D = (0,1)}): their values compare;</li>
 *   <li>both single equations {@code l₁ = r₁}, {@code l₂ = r₂}: equal when
 *       {@code l₂ − r₂ = c·(l₁ − r₁)} for a constant {@code c ≠ 0} (rearranged, scaled:
 *       {@code 2x+4y-3=0} and {@code y=-\frac12x+\frac34});</li>
 *   <li>both single inequalities: each is rewritten as {@code l − r op 0} with {@code op} in
 *       {@code < <= != } ({@code a > b} is {@code b < a}); equal when the operators agree and
 *       {@code l₂ − r₂ = c·(l₁ − r₁)} with {@code c > 0} ({@code 5 \geq x} and {@code x \leq 5};
 *       {@code -x > -1} and {@code x < 1}); {@code !=} allows any {@code c ≠ 0};</li>
 *   <li>both chains of the same length: operators equal and parts equal in order;</li>
 *   <li>otherwise not equal.</li>
 * </ol>
 * A gold inequality against a predicted interval is {@link #asInterval read as an interval}; a
 * gold interval against a predicted inequality is not (the question asked for a set).
 */
final class RelationComparison {

    /** Full comparison of two values (any shape), as {@link AnswerEquivalence} does it. */
    interface Values {
        Result compare(String gold, String pred, Deadline d);
    }

    /** {@code pred = c · gold} for a constant c ≠ 0 (c &gt; 0 when {@code positive}). */
    interface Proportionality {
        SymbolicOutcome test(String gold, String pred, boolean positive, Deadline d);
    }

    private final Values values;
    private final Proportionality proportionality;

    RelationComparison(Values values, Proportionality proportionality) {
        this.values = values;
        this.proportionality = proportionality;
    }

    /** The result of the rules above, or {@code null} when neither side is a relation. */
    Result compare(String gold, String pred, Deadline d) {
        Relation g = Relation.parse(gold);
        Relation p = Relation.parse(pred);
        if (!g.isRelation() && !p.isRelation()) {
            boolean approximated = !g.first().equals(gold.trim()) || !p.first().equals(pred.trim());
            // x = 1/3 ≈ 0.33 was cut to its exact part 1/3
            return approximated ? prefixed("exact part: ", values.compare(g.first(), p.first(), d)) : null;
        }
        if (!g.isRelation()) {
            if (p.isEquation()) {
                return prefixed("equation's last part: ", values.compare(gold, p.last(), d));
            }
            return new Result(false, "gold is a value, prediction is the relation '" + pred + "'");
        }
        if (!p.isRelation()) {
            if (g.isEquation() && (g.parts().size() >= 3 || Relation.isName(g.first()))) {
                return prefixed("gold's value " + g.last() + ": ", values.compare(g.last(), pred, d));
            }
            return new Result(false, "gold is the relation '" + gold + "', prediction the value '" + pred + "'");
        }
        if (g.isEquation() && p.isEquation()) {
            String gl = g.first();
            String pl = p.first();
            if (Relation.isName(gl) && Relation.isName(pl)) {
                if (!LatexNormalizer.key(gl).equals(LatexNormalizer.key(pl))) {
                    return new Result(false, "equations for different quantities: " + gl + " and " + pl);
                }
                return prefixed(gl + ": ", values.compare(g.last(), p.last(), d));
            }
            if (g.parts().size() == 2 && p.parts().size() == 2) {
                SymbolicOutcome o = proportionality.test(difference(g, 0), difference(p, 0), false, d);
                return new Result(o.equal(), "equation: " + o.detail());
            }
        }
        if (g.ops().size() == 1 && p.ops().size() == 1 && !g.isEquation() && !p.isEquation()) {
            String[] gn = strict(g);
            String[] pn = strict(p);
            if (!gn[2].equals(pn[2])) {
                return new Result(false, "inequality: " + gn[2] + " vs " + pn[2] + " after rewriting as l - r op 0");
            }
            SymbolicOutcome o = proportionality.test("(" + gn[0] + ")-(" + gn[1] + ")", "(" + pn[0] + ")-(" + pn[1] + ")",
                    !gn[2].equals("!="), d);
            return new Result(o.equal(), "inequality: " + o.detail());
        }
        if (g.parts().size() == p.parts().size() && g.ops().equals(p.ops())) {
            for (int i = 0; i < g.parts().size(); i++) {
                Result r = values.compare(g.parts().get(i), p.parts().get(i), d);
                if (!r.equal()) {
                    return new Result(false, "chain part " + (i + 1) + ": " + r.reason());
                }
            }
            return new Result(true, "chain: every part and operator equal");
        }
        return new Result(false, "relations differ in form: '" + gold + "' and '" + pred + "'");
    }

    /**
     * A gold inequality in one variable as the interval it describes, or {@code null}:
     * {@code a < x <= b} → {@code (a,b]}, {@code x > a} → {@code (a,\infty)}, {@code x \le b} →
     * {@code (-\infty,b]} (the middle or left part must be a {@link Relation#isName name}).
     */
    static String asInterval(String gold) {
        Relation r = Relation.parse(gold);
        if (r.ops().size() == 2 && r.ops().stream().allMatch(o -> o.equals("<") || o.equals("<="))
                && Relation.isName(r.parts().get(1))) {
            return (r.ops().get(0).equals("<") ? "(" : "[") + r.parts().get(0) + "," + r.parts().get(2)
                    + (r.ops().get(1).equals("<") ? ")" : "]");
        }
        if (r.ops().size() == 2 && r.ops().stream().allMatch(o -> o.equals(">") || o.equals(">="))
                && Relation.isName(r.parts().get(1))) {
            return (r.ops().get(1).equals(">") ? "(" : "[") + r.parts().get(2) + "," + r.parts().get(0)
                    + (r.ops().get(0).equals(">") ? ")" : "]");
        }
        if (r.ops().size() == 1 && Relation.isName(r.first())) {
            String op = r.ops().get(0);
            String v = r.last();
            return switch (op) {
                case "<" -> "(-\\infty," + v + ")";
                case "<=" -> "(-\\infty," + v + "]";
                case ">" -> "(" + v + ",\\infty)";
                case ">=" -> "[" + v + ",\\infty)";
                default -> null;
            };
        }
        return null;
    }

    /** {@code {l, r, op}} with {@code l op r} rewritten so that op is one of {@code < <= !=}. */
    private static String[] strict(Relation r) {
        String op = r.ops().get(0);
        String l = r.first();
        String rr = r.last();
        return switch (op) {
            case ">" -> new String[] {rr, l, "<"};
            case ">=" -> new String[] {rr, l, "<="};
            default -> new String[] {l, rr, op};
        };
    }

    private static String difference(Relation r, int i) {
        return "(" + r.parts().get(i) + ")-(" + r.parts().get(i + 1) + ")";
    }

    private static Result prefixed(String prefix, Result r) {
        return new Result(r.equal(), prefix + r.reason());
    }
}
