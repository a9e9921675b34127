package dev.progrs.tasks.verify;

import java.util.Set;

/**
 * Whether a text reads as mathematics rather than prose, so that a prediction such as
 * {@code \frac13}, {@code (x-2)(x+2)}, {@code 4, .1, 2} or {@code x + y - z + 2 = 0} is taken whole
 * instead of by its last number (which gave 13, 2 and 0).
 *
 * <p>Rule, in one pass: the text is one line (or one {@code \begin…\end} environment) of at most
 * {@value #MAX_CHARS} characters, and every run of letters that is not a LaTeX command name and not
 * inside {@code \text{…}} (units, words of a word answer) is a variable or product of variables of
 * one or two letters ({@code x}, {@code ab}), a function name ({@code sin}, {@code log}, …) or a
 * connector ({@code and}, {@code or}). A run of three or more other letters ({@code apples},
 * {@code AZYUK}) or a two-letter English word ({@code is}, {@code of}) makes it prose.
 */
final class MathText {

    static final int MAX_CHARS = 500;

    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "lg", "exp",
            "max", "min", "gcd", "lcm", "mod", "det", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "and", "or",
            "pi", "sqrt", "frac", "deg", "dx", "dy", "dt");
    private static final Set<String> TWO_LETTER_WORDS = Set.of("is", "of", "to", "be", "it", "we", "so", "if", "as", "at",
            "by", "an", "on", "no", "do", "my", "me", "he", "up", "us", "am");

    private MathText() {
    }

    /** Whether {@code s} (already trimmed or not) reads as mathematics by the rule above. */
    static boolean looksLikeMath(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.length() > MAX_CHARS) {
            return false;
        }
        if (t.indexOf('\n') >= 0 && !t.startsWith("\\begin")) {
            return false;
        }
        boolean sawMathChar = false;
        int n = t.length();
        for (int i = 0; i < n; ) {
            char c = t.charAt(i);
            if (c == '\\') {
                int k = i + 1;
                while (k < n && t.charAt(k) == '\\') {
                    k++; // \\frac as escaped strings carry it
                }
                int j = k;
                while (j < n && Character.isLetter(t.charAt(j))) {
                    j++;
                }
                String cmd = t.substring(k, j);
                if (isTextCommand(cmd) || cmd.equals("begin") || cmd.equals("end")) {
                    int open = j;
                    while (open < n && t.charAt(open) == ' ') {
                        open++;
                    }
                    if (open < n && t.charAt(open) == '{') {
                        int close = LatexNormalizer.matchingBrace(t, open);
                        j = close < 0 ? n : close + 1;
                    }
                }
                sawMathChar = true;
                i = Math.max(j, i + 2);
                continue;
            }
            if (isAsciiLetter(c)) {
                int j = i;
                while (j < n && isAsciiLetter(t.charAt(j))) {
                    j++;
                }
                String run = t.substring(i, j);
                String lower = run.toLowerCase(java.util.Locale.ROOT);
                if (run.length() >= 3 && !FUNCTIONS.contains(lower) || run.length() == 2 && TWO_LETTER_WORDS.contains(lower)) {
                    return false;
                }
                sawMathChar = true;
                i = j;
                continue;
            }
            if (Character.isLetter(c) && !(c >= 'Α' && c <= 'ω')) {
                return false; // letters of other scripts: prose (Greek letters are variables)
            }
            if (!Character.isWhitespace(c)) {
                sawMathChar = true;
            }
            i++;
        }
        return sawMathChar;
    }

    /** Commands whose braced argument is words, not mathematics (also {@code \begin{pmatrix}}'s name). */
    private static boolean isTextCommand(String cmd) {
        return cmd.equals("text") || cmd.equals("textbf") || cmd.equals("textit") || cmd.equals("textrm") || cmd.equals("mbox")
                || cmd.equals("mathrm") || cmd.equals("textnormal") || cmd.equals("operatorname");
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
