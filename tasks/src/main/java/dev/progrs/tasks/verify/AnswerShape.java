package dev.progrs.tasks.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of a normalised answer, decided before any CAS sees it (Symja turns both
 * {@code (0,1)} and {@code [0,1)} into a list and loses the bracket type):
 * <ul>
 *   <li>{@link Bracketed}: tuple or interval, {@code (a,b)}, {@code [a,b)}, ... the brackets matter;</li>
 *   <li>{@link Unordered}: a set {@code \{a,b\}} (or {@code {a,b}}), a bare comma list {@code a, b}, or
 *       {@code a \pm b} (= {@code a+b, a-b}); an item that names its value ({@code x = -5}) is its value;</li>
 *   <li>{@link Union}: parts joined by {@code \cup};</li>
 *   <li>{@link Matrix}: {@code \begin{pmatrix} a & b \\ c & d \end{pmatrix}} (also bmatrix, vmatrix, array),
 *       also inside one pair of brackets ({@code (\begin{pmatrix}…\end{pmatrix})}, {@code [\begin{array}…\end{array}]});</li>
 *   <li>{@link Scalar}: anything else.</li>
 * </ul>
 */
public sealed interface AnswerShape {

    /** A single value. */
    record Scalar(String text) implements AnswerShape {
    }

    /** A tuple or interval with its bracket characters. */
    record Bracketed(char open, char close, List<AnswerShape> items) implements AnswerShape {
    }

    /** An unordered collection (set, comma list, ±). */
    record Unordered(List<AnswerShape> items, String source) implements AnswerShape {
    }

    /** A union of parts. */
    record Union(List<AnswerShape> parts) implements AnswerShape {
    }

    /** A matrix or column vector, row-major. */
    record Matrix(List<List<AnswerShape>> rows) implements AnswerShape {
    }

    Pattern MATRIX = Pattern.compile("^\\\\begin\\{([pbvBV]?matrix|array)\\}(?:\\{[^}]*\\})?(.*)\\\\end\\{\\1\\}$", Pattern.DOTALL);

    /** Parses a normalised answer. */
    static AnswerShape of(String normalized) {
        return parse(normalized.trim(), 0);
    }

    private static AnswerShape parse(String s, int depth) {
        if (depth > 8 || s.isEmpty()) {
            return new Scalar(s);
        }
        char open = s.charAt(0);
        if ((open == '(' || open == '[') && s.length() > 2 && closesAtEnd(s, 0)) {
            String inner = s.substring(1, s.length() - 1).trim();
            if (inner.startsWith("\\begin") && MATRIX.matcher(inner).matches()) {
                return parse(inner, depth + 1); // (\begin{pmatrix}…\end{pmatrix}): the brackets only wrap the matrix
            }
        }
        Matcher mx = MATRIX.matcher(s);
        if (mx.matches()) {
            List<List<AnswerShape>> rows = new ArrayList<>();
            for (String row : mx.group(2).split("\\\\\\\\")) {
                if (row.isBlank()) {
                    continue;
                }
                List<AnswerShape> cells = new ArrayList<>();
                for (String cell : row.split("&")) {
                    cells.add(parse(cell.trim(), depth + 1));
                }
                rows.add(cells);
            }
            return new Matrix(rows);
        }
        List<String> unionParts = splitTopLevel(s, "\\cup");
        if (unionParts.size() > 1) {
            List<AnswerShape> parts = new ArrayList<>();
            for (String p : unionParts) {
                parts.add(parse(p.trim(), depth + 1));
            }
            return new Union(parts);
        }
        if (s.startsWith("\\{") && s.endsWith("\\}") && closesAtEnd(s, 1)) {
            return unordered(s.substring(2, s.length() - 2), depth, s);
        }
        if (open == '{' && s.endsWith("}") && closesAtEnd(s, 0) && splitTopLevel(s.substring(1, s.length() - 1), ",").size() > 1) {
            return unordered(s.substring(1, s.length() - 1), depth, s); // {2, 3, 5}: a set written without backslashes
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if ((first == '(' || first == '[') && (last == ')' || last == ']') && closesAtEnd(s, 0)) {
            List<String> items = splitTopLevel(s.substring(1, s.length() - 1), ",");
            if (items.size() > 1) {
                List<AnswerShape> shapes = new ArrayList<>();
                for (String it : items) {
                    shapes.add(parse(it.trim(), depth + 1));
                }
                return new Bracketed(first, last, shapes);
            }
        }
        List<String> items = splitTopLevel(s, ",");
        if (items.size() > 1) {
            return unordered(s, depth, s);
        }
        List<String> pm = splitTopLevel(s, "\\pm");
        if (pm.size() == 2 && !pm.get(1).isBlank()) {
            String a = pm.get(0).trim();
            String b = pm.get(1).trim();
            String left = a.isEmpty() ? "" : a;
            return new Unordered(List.of(new Scalar(left + "+" + b), new Scalar(left + "-(" + b + ")")), s);
        }
        return new Scalar(s);
    }

    private static AnswerShape unordered(String inner, int depth, String source) {
        List<AnswerShape> out = new ArrayList<>();
        for (String it : splitTopLevel(inner, ",")) {
            if (it.isBlank()) {
                continue;
            }
            AnswerShape sh = parse(valueOfNamedItem(it.trim()), depth + 1);
            if (sh instanceof Unordered u && !it.trim().startsWith("\\{")) {
                out.addAll(u.items());
            } else {
                out.add(sh);
            }
        }
        return new Unordered(out, source);
    }

    /** {@code p = \frac{14}{3}} → {@code \frac{14}{3}}: an item of a list that names its value ({@code x = -5, p = 7}). */
    private static String valueOfNamedItem(String item) {
        if (item.indexOf('=') < 0) {
            return item;
        }
        Relation r = Relation.parse(item);
        return r.isEquation() && r.parts().size() == 2 && Relation.isName(r.first()) ? r.last() : item;
    }

    /** True when the bracket opening at {@code open} closes exactly at the end of {@code s}. */
    private static boolean closesAtEnd(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    /** Splits at {@code sep} where no bracket of any kind is open. */
    static List<String> splitTopLevel(String s, String sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(sep, i)) {
                if (Character.isLetter(sep.charAt(sep.length() - 1)) && i + sep.length() < s.length()
                        && Character.isLetter(s.charAt(i + sep.length()))) {
                    continue;
                }
                out.add(s.substring(from, i));
                from = i + sep.length();
                i = from - 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }
}
