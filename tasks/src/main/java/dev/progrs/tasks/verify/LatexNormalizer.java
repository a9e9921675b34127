package dev.progrs.tasks.verify;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the LaTeX and wording noise that does not change an answer's value, so that cheap
 * string and exact-number comparisons decide most cases, and fixes the LaTeX forms that Symja's
 * TeX parser gets wrong ({@code \dfrac} silently parses as a product of symbols, a brace-less
 * {@code \frac12} aborts).
 *
 * <p>Steps, in order: a doubled backslash before a command becomes one ({@code \\frac → \frac});
 * strip an enclosing {@code \boxed{}}; drop {@code $ \( \) \[ \]} and double quotes;
 * {@code 10,\!080 → 10,080}; {@code ,\quadx_2 → , x_2}; {@code \dfrac \tfrac \cfrac → \frac};
 * drop {@code \left \right \big…}, spacing commands ({@code \! \, \; \: \quad ~ \displaystyle});
 * drop degrees ({@code ^\circ}, {@code °}), percent ({@code \% %}), dollar signs; unwrap
 * {@code \text{} \mathrm{} \mbox{} \textbf{} \operatorname{}}; {@code {,}} and {@code {, }} → {@code ,};
 * {@code ;} and the words "and"/"or" between items → {@code ,}; brace single-token arguments
 * ({@code \frac12 → \frac{1}{2}}, {@code \sqrt2 → \sqrt{2}}); drop a simple left-hand side
 * ({@code x = 5 → 5}, {@code f(x)=2x → 2x}, {@code x \in [a,b] → [a,b]}, and any {@link Relation#isName
 * name}: {@code (p,q)=(3,2) → (3,2)}, {@code |AB|=1 → 1}) unless the caller keeps it; drop trailing unit
 * words after a number (also "pct", "percentage"); drop thousands separators ({@code 10,080 → 10080}
 * with exact 3-digit groups and no space after a comma, {@code 1 000 → 1000}); collapse spaces and
 * drop a trailing period.
 */
public final class LatexNormalizer {

    private static final List<String> SPACING = List.of("\\displaystyle", "\\textstyle", "\\qquad", "\\quad",
            "\\!", "\\,", "\\;", "\\:", "\\ ", "~");
    private static final List<String> SIZING = List.of("\\left", "\\right", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr",
            "\\biggl", "\\biggr", "\\Biggl", "\\Biggr", "\\big", "\\Big", "\\bigg", "\\Bigg");
    private static final Pattern TEXT_CMD = Pattern.compile("\\\\(?:text|textbf|textit|textrm|textnormal|mathrm|mathbf|mathit|mathsf|mbox|operatorname\\*?)\\s*\\{");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|\\\\circ|°|\\\\degree");
    private static final Pattern UNIT_SUFFIX = Pattern.compile(
            "^(.*?[0-9}a-zA-Z)\\]])\\s+(?:(?:square|sq\\.?|cubic)\\s+)?(?:units?|unit\\s+squared|cm|mm|km|m|meters?|metres?|centimeters?|"
                    + "kilometers?|inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|mph|km/h|kmh|seconds?|sec|s|minutes?|min|hours?|hr|h|days?|"
                    + "weeks?|months?|years?|grams?|g|kg|kilograms?|pounds?|lbs?|ounces?|oz|liters?|litres?|l|ml|gallons?|"
                    + "dollars?|cents?|degrees?|deg|radians?|rad|percent(?:age)?|pct|yuan|euros?|people|students|times|ways|points?)"
                    + "(?:\\s*\\^\\s*\\{?[23]\\}?|\\s*squared|\\s*cubed)?\\s*$");
    private static final Pattern THOUSANDS = Pattern.compile("^-?[1-9]\\d{0,2}(,\\d{3})+(\\.\\d+)?$");
    private static final Pattern SPACED_THOUSANDS = Pattern.compile("^-?[1-9]\\d{0,2}( \\d{3})+(\\.\\d+)?$");
    /** A doubled backslash before a command ({@code \\frac}, as escaped strings often carry): one backslash. */
    private static final Pattern DOUBLED_COMMAND = Pattern.compile("(?<!\\\\)\\\\(?=\\\\(?:[dtc]?frac|sqrt|le|ge|leq|geq|lt|gt|neq|ne|cdot|times|pi|infty|pm|text|mathrm|left|right|in|cup|approx)(?![a-zA-Z]))");
    /** {@code 10,\!080}: the thin negative space LaTeX puts after a thousands comma. */
    private static final Pattern THOUSANDS_SPACING = Pattern.compile("(?<=\\d),\\\\!\\s*(?=\\d)");
    /** {@code x_1=2,\quadx_2=3}: a spacing command glued to the next item's name. */
    private static final Pattern GLUED_QUAD = Pattern.compile(",\\s*\\\\q?quad(?=[A-Za-z])");
    /** The words "and" / "or" between list items: a comma. */
    private static final Pattern CONNECTOR_WORD = Pattern.compile("(?<![A-Za-z\\\\])(?:and|or)(?![A-Za-z])");
    private static final Pattern SIMPLE_LHS = Pattern.compile(
            "^\\s*(?:[A-Za-z](?:_\\{?[A-Za-z0-9\\\\ ]+\\}?)?|\\\\[a-zA-Z]+|[A-Za-z]\\s*\\(\\s*[A-Za-z]\\s*\\)|[A-Za-z](?:_\\{?[A-Za-z0-9\\\\ ]+\\}?)?\\s*\\(\\s*[A-Za-z]\\s*\\))\\s*=\\s*(.+)$");
    private static final Pattern IN_PREFIX = Pattern.compile("^\\s*[A-Za-z]\\s*\\\\in\\s*(.+)$");

    private LatexNormalizer() {
    }

    /** The normalised answer (never {@code null}; {@code null} input gives ""). */
    public static String normalize(String answer) {
        return normalize(answer, true);
    }

    /**
     * The normalised answer; with {@code dropNamedLeftSide} false an equation {@code y = 2x + 3} keeps
     * its left side (used when the gold is itself an equation, which the prediction must match as one).
     */
    static String normalize(String answer, boolean dropNamedLeftSide) {
        if (answer == null) {
            return "";
        }
        String s = DOUBLED_COMMAND.matcher(answer.trim()).replaceAll("");
        String inner = AnswerExtractor.lastBoxed(s);
        if (inner != null && s.startsWith("\\boxed") || inner != null && s.startsWith("\\fbox")) {
            s = inner;
        }
        s = s.replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "");
        s = THOUSANDS_SPACING.matcher(s).replaceAll(",");
        s = GLUED_QUAD.matcher(s).replaceAll(", ");
        s = s.replace("\\$", "").replace("$", "").replace("\\\"", "").replace("\"", "");
        s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac");
        s = s.replace("\\left.", "").replace("\\right.", "");
        for (String sz : SIZING) {
            s = replaceCommand(s, sz, "");
        }
        for (String sp : SPACING) {
            if (sp.equals("\\ ")) {
                s = s.replaceAll("(?<!\\\\)\\\\ ", " ");
            } else {
                s = sp.startsWith("\\") && Character.isLetter(sp.charAt(1)) ? replaceCommand(s, sp, " ") : s.replace(sp, " ");
            }
        }
        s = DEGREES.matcher(s).replaceAll("");
        s = s.replace("\\%", "").replace("%", "");
        s = unwrapText(s);
        s = s.replace("{,}", ",").replace("{, }", ",");
        if (s.indexOf(';') >= 0 && !s.contains("\\;")) {
            s = s.replace(';', ',');
        }
        if (s.contains("and") || s.contains("or")) {
            s = CONNECTOR_WORD.matcher(s).replaceAll(",").replaceAll(",(\\s*,)+", ",").replaceAll("^\\s*,|,\\s*$", "");
        }
        s = braceArguments(s, "\\frac", 2);
        s = braceArguments(s, "\\sqrt", 1);
        s = s.replaceAll("\\s+", " ").trim();
        s = stripTrailing(s);
        Matcher in = IN_PREFIX.matcher(s);
        if (in.matches()) {
            s = in.group(1).trim();
        }
        Matcher lhs = SIMPLE_LHS.matcher(s);
        if (dropNamedLeftSide && lhs.matches() && lhs.group(1).indexOf('=') < 0) {
            s = lhs.group(1).trim();
        } else if (dropNamedLeftSide && s.indexOf('=') > 0) {
            Relation r = Relation.parse(s);
            if (r.isEquation() && r.parts().size() == 2 && Relation.isName(r.first())) {
                s = r.last(); // (p,q) = (3,2), |AB| = 1, \frac{NO}{BO} = \frac{1}{\sqrt6}
            }
        }
        for (int i = 0; i < 3; i++) {
            Matcher u = UNIT_SUFFIX.matcher(s);
            if (u.matches() && containsDigit(u.group(1))) {
                s = u.group(1).trim();
            } else {
                break;
            }
        }
        s = s.replaceAll("(?i)\\s*(percent(?:age)?|pct|degrees?)$", "").trim();
        String compact = s.replace(" ", "");
        if (THOUSANDS.matcher(compact).matches() && !s.contains(", ")) {
            s = compact.replace(",", "");
        } else if (SPACED_THOUSANDS.matcher(s).matches()) {
            s = compact;
        }
        return stripTrailing(s);
    }

    /** The normalised answer without spaces: the key for string comparison. */
    public static String key(String normalized) {
        return normalized.replace(" ", "").replace("{", "").replace("}", "");
    }

    /**
     * True when {@code s} is a word answer such as {@code Evelyn} or {@code even}: letters and spaces
     * only, with a run of at least three letters (so {@code p q} or {@code ab} stay expressions).
     */
    public static boolean isWord(String s) {
        int run = 0;
        int best = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                run++;
                best = Math.max(best, run);
            } else if (c == ' ') {
                run = 0;
            } else {
                return false;
            }
        }
        return best >= 3;
    }

    /** Lower-cased form used for word answers. */
    public static String wordKey(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }

    private static String stripTrailing(String s) {
        String t = s.trim();
        boolean changed = true;
        while (changed && !t.isEmpty()) {
            changed = false;
            if (t.endsWith(".") && !t.matches(".*\\d\\.")) {
                t = t.substring(0, t.length() - 1).trim();
                changed = true;
            } else if (t.endsWith("\\\\")) {
                t = t.substring(0, t.length() - 2).trim();
                changed = true;
            } else if (t.endsWith(",") || t.endsWith(";")) {
                t = t.substring(0, t.length() - 1).trim();
                changed = true;
            }
        }
        if (t.endsWith(".") && t.matches(".*\\d\\.")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static boolean containsDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Replaces a letter command only where it is not the prefix of a longer command name. */
    private static String replaceCommand(String s, String cmd, String with) {
        int i = s.indexOf(cmd);
        if (i < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int from = 0;
        while (i >= 0) {
            int end = i + cmd.length();
            boolean longer = end < s.length() && Character.isLetter(s.charAt(end));
            sb.append(s, from, i).append(longer ? cmd : with);
            from = end;
            i = s.indexOf(cmd, end);
        }
        sb.append(s.substring(from));
        return sb.toString();
    }

    /** {@code \text{abc}} → {@code abc} (nested braces respected). */
    private static String unwrapText(String s) {
        for (int guard = 0; guard < 50; guard++) {
            Matcher m = TEXT_CMD.matcher(s);
            if (!m.find()) {
                return s;
            }
            int open = m.end() - 1;
            int close = matchingBrace(s, open);
            if (close < 0) {
                return s.substring(0, m.start()) + s.substring(open + 1);
            }
            s = s.substring(0, m.start()) + s.substring(open + 1, close) + s.substring(close + 1);
        }
        return s;
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '{' && (j == 0 || s.charAt(j - 1) != '\\')) {
                depth++;
            } else if (c == '}' && (j == 0 || s.charAt(j - 1) != '\\')) {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return -1;
    }

    /**
     * Wraps single-token arguments of {@code cmd} in braces: {@code \frac12 → \frac{1}{2}},
     * {@code \frac 59 → \frac{5}{9}}, {@code \frac9{19} → \frac{9}{19}}, {@code \sqrt2 → \sqrt{2}}.
     * An optional {@code [n]} after {@code \sqrt} is kept.
     */
    static String braceArguments(String s, String cmd, int args) {
        int i = s.indexOf(cmd);
        if (i < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        int from = 0;
        while (i >= 0) {
            int j = i + cmd.length();
            if (j < s.length() && Character.isLetter(s.charAt(j))) {
                // a longer command such as \fraction: leave alone
                sb.append(s, from, j);
                from = j;
                i = s.indexOf(cmd, j);
                continue;
            }
            sb.append(s, from, j);
            if (cmd.equals("\\sqrt") && j < s.length() && s.charAt(j) == '[') {
                int close = s.indexOf(']', j);
                if (close > 0) {
                    sb.append(s, j, close + 1);
                    j = close + 1;
                }
            }
            for (int a = 0; a < args; a++) {
                int k = j;
                while (k < s.length() && s.charAt(k) == ' ') {
                    k++;
                }
                if (k >= s.length()) {
                    j = k;
                    break;
                }
                char c = s.charAt(k);
                if (c == '{') {
                    int close = matchingBrace(s, k);
                    if (close < 0) {
                        sb.append(s, j, s.length());
                        j = s.length();
                        break;
                    }
                    sb.append(s, k, close + 1);
                    j = close + 1;
                } else if (c == '\\') {
                    int e = k + 1;
                    while (e < s.length() && Character.isLetter(s.charAt(e))) {
                        e++;
                    }
                    sb.append('{').append(s, k, e).append('}');
                    j = e;
                } else if (Character.isLetterOrDigit(c)) {
                    sb.append('{').append(c).append('}');
                    j = k + 1;
                } else {
                    j = k;
                    break;
                }
            }
            from = j;
            i = s.indexOf(cmd, j);
        }
        sb.append(s.substring(from));
        return sb.toString();
    }
}
