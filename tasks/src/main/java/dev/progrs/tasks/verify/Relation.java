package dev.progrs.tasks.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A chain of relations {@code p₀ op₀ p₁ op₁ … pₙ} read from a normalised answer, split where no
 * bracket is open. Operators are read in every common spelling and stored in one:
 * <pre>
 *   =                    =
 *   &lt;   \lt             &lt;        &gt;   \gt             &gt;
 *   &lt;=  \le  \leq  ≤  ⩽   &lt;=       &gt;=  \ge  \geq  ≥  ⩾   &gt;=
 *   !=  \ne  \neq  ≠       !=       \approx  ≈          ≈
 * </pre>
 * An approximation ends the exact part of a chain: {@code x = 1/3 ≈ 0.33} is {@code x = 1/3}, and
 * {@code x ≈ 11} (a name before the {@code ≈}) is {@code x = 11}.
 *
 * @param parts the operands, trimmed, one more than {@code ops}
 * @param ops   the operators between them
 */
record Relation(List<String> parts, List<String> ops) {

    private static final String[][] SPELLINGS = {
        {"\\leqslant", "<="}, {"\\geqslant", ">="}, {"\\approx", "≈"}, {"\\leq", "<="}, {"\\geq", ">="}, {"\\neq", "!="},
        {"\\le", "<="}, {"\\ge", ">="}, {"\\ne", "!="}, {"\\lt", "<"}, {"\\gt", ">"},
        {"<=", "<="}, {">=", ">="}, {"!=", "!="},
        {"≤", "<="}, {"≥", ">="}, {"⩽", "<="}, {"⩾", ">="}, {"≠", "!="}, {"≈", "≈"},
        {"=", "="}, {"<", "<"}, {">", ">"},
    };

    /** LaTeX commands that may appear in a name ({@code \frac{NO}{BO}}, {@code \angle A}, {@code \alpha_1}). */
    private static final Set<String> NAME_COMMANDS = Set.of("frac", "angle", "overline", "vec", "hat", "bar", "mathbf",
            "triangle", "alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "sigma", "phi", "omega", "rho", "tau",
            "varphi", "epsilon", "varepsilon", "eta", "xi", "psi", "pi", "Delta", "Omega", "Phi", "Sigma", "Gamma", "operatorname");

    /** True when the chain holds at least one operator. */
    boolean isRelation() {
        return !ops.isEmpty();
    }

    /** True when every operator is {@code =}. */
    boolean isEquation() {
        return !ops.isEmpty() && ops.stream().allMatch("="::equals);
    }

    String first() {
        return parts.get(0);
    }

    String last() {
        return parts.get(parts.size() - 1);
    }

    /** Reads {@code s} ({@code 5!=120} is a factorial, not {@code ≠}); a text without a top-level operator is a chain of one part and no operator. */
    static Relation parse(String s) {
        List<String> parts = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        int depth = 0;
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
                c = s.charAt(++i); // \{ \} bracket like { }
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
                continue;
            }
            if (c == ')' || c == ']' || c == '}') {
                depth--;
                continue;
            }
            if (depth != 0) {
                continue;
            }
            for (String[] sp : SPELLINGS) {
                if (s.startsWith(sp[0], i) && !(sp[0].startsWith("\\") && i + sp[0].length() < n
                        && Character.isLetter(s.charAt(i + sp[0].length())))
                        && !(sp[0].equals("!=") && i > 0 && (Character.isDigit(s.charAt(i - 1)) || ")}".indexOf(s.charAt(i - 1)) >= 0))) {
                    parts.add(s.substring(from, i).trim());
                    ops.add(sp[1]);
                    from = i + sp[0].length();
                    i = from - 1;
                    break;
                }
            }
        }
        parts.add(s.substring(from).trim());
        return truncateAtApproximation(new Relation(parts, ops));
    }

    private static Relation truncateAtApproximation(Relation r) {
        int k = r.ops.indexOf("≈");
        if (k < 0) {
            return r;
        }
        List<String> parts = new ArrayList<>(r.parts);
        List<String> ops = new ArrayList<>(r.ops);
        if (k == 0 && isName(parts.get(0))) {
            ops.set(0, "=");
            return truncateAtApproximation(new Relation(parts, ops));
        }
        return new Relation(new ArrayList<>(parts.subList(0, k + 1)), new ArrayList<>(ops.subList(0, k)));
    }

    /**
     * True when {@code lhs} names a quantity rather than computing one, so that {@code lhs = v}
     * answers with {@code v}: a letter or a name built of letters, subscripts, function arguments,
     * {@code | |}, {@code :} and the {@link #NAME_COMMANDS} ({@code x}, {@code x_1}, {@code f(x)},
     * {@code |AB|}, {@code A:B}, {@code S_{MBCN}:S}, {@code \frac{NO}{BO}}, {@code (p,q)}). Not
     * names: anything starting with a digit or holding {@code + - * / ^} where no bracket is open
     * ({@code 2x}, {@code a+3z}, {@code x^2}).
     */
    static boolean isName(String lhs) {
        String t = lhs.trim();
        if (t.isEmpty() || Character.isDigit(t.charAt(0)) || t.length() > 60) {
            return false;
        }
        if (t.charAt(0) == '(' && t.charAt(t.length() - 1) == ')') {
            for (String item : AnswerShape.splitTopLevel(t.substring(1, t.length() - 1), ",")) {
                if (!isName(item)) {
                    return false;
                }
            }
            return true;
        }
        boolean letter = false;
        int depth = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == '\\') {
                int j = i + 1;
                while (j < t.length() && Character.isLetter(t.charAt(j))) {
                    j++;
                }
                if (!NAME_COMMANDS.contains(t.substring(i + 1, j))) {
                    return false;
                }
                letter = true;
                i = j - 1;
            } else if (depth == 0 && (c == '+' || c == '-' || c == '*' || c == '/' || c == '^' || c == ',')) {
                return false;
            } else if (Character.isLetter(c)) {
                letter = true;
            }
        }
        return letter;
    }
}
