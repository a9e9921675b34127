package dev.progrs.tasks.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the answer in the mathematics of free text when nothing marks it: the last math span, and
 * answers split over several spans or boxes.
 *
 * <p>A math span is the content of {@code $…$}, {@code $$…$$}, {@code \(…\)} or {@code \[…\]}; an
 * escaped dollar {@code \$} is content, not a delimiter, and an inline span does not run over a
 * blank line (a stray currency sign then opens nothing). Spans (or boxes) that follow one another
 * with only <em>connectors</em> between them — white space, {@code , ; .}, the words "and"/"or",
 * {@code \quad}, {@code \text{ and }}, math delimiters — are one answer in several pieces
 * ({@code $21, 16$ or $11$}, {@code \boxed{1} and \boxed{-2}}) and are joined with {@code ", "}.
 *
 * <p>Every scan is one pass over the text (a span or box is visited once, each gap once), so the cost
 * is linear in the text's length whatever it holds.
 */
final class MathSpans {

    /** Joined answers keep at most this many pieces (a run of hundreds of connected spans is not an answer). */
    private static final int MAX_PIECES = 64;

    private MathSpans() {
    }

    /** A piece of mathematics: its content {@code [from, to)} and its delimiters' extent {@code [outerFrom, outerTo)}. */
    private record Piece(int outerFrom, int from, int to, int outerTo) {
    }

    /**
     * The content of the last math span of {@code text}, joined with the spans connected to it, or
     * {@code null} when the text has no complete span with non-blank content.
     */
    static String lastConnectedSpans(String text) {
        Found f = lastConnected(text);
        return f == null ? null : f.answer();
    }

    /** An answer found in spans, and the end of its last span's closing delimiter. */
    record Found(String answer, int end) {
    }

    /** Like {@link #lastConnectedSpans} with the end of the last span, or {@code null}. */
    static Found lastConnected(String text) {
        List<Piece> spans = spans(text);
        if (spans.isEmpty()) {
            return null;
        }
        String joined = join(text, spans, firstConnected(text, spans));
        return joined == null ? null : new Found(joined, spans.get(spans.size() - 1).outerTo());
    }

    /**
     * The contents of the last {@code \boxed{…}} and of the boxes connected to it, joined, when there
     * are at least two such boxes; otherwise {@code null} (a single box is
     * {@link AnswerExtractor#lastBoxed}'s).
     */
    static String connectedBoxes(String text) {
        List<Piece> boxes = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf("\\boxed", from);
            if (b < 0) {
                break;
            }
            int i = b + 6;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            if (i >= text.length() || text.charAt(i) != '{') {
                from = b + 6;
                continue;
            }
            int close = closingBrace(text, i);
            if (close < 0) {
                break;
            }
            boxes.add(new Piece(b, i + 1, close, close + 1));
            from = close + 1;
        }
        if (boxes.size() < 2) {
            return null;
        }
        // the chain must end at the text's last box, or lastBoxed would disagree with it
        Piece last = boxes.get(boxes.size() - 1);
        int lastBox = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
        if (lastBox > last.outerFrom() && lastBox >= last.outerTo()) {
            return null;
        }
        int first = firstConnected(text, boxes);
        if (first == boxes.size() - 1) {
            return null;
        }
        return join(text, boxes, first);
    }

    /** Math spans of {@code text} in order, in one pass. */
    private static List<Piece> spans(String text) {
        List<Piece> out = new ArrayList<>();
        int n = text.length();
        int open = -1;          // index of the opening delimiter, -1 when outside a span
        int contentFrom = -1;
        String closer = null;   // "$", "$$", "\\)" or "\\]"
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char d = text.charAt(i + 1);
                if (open < 0 && (d == '(' || d == '[')) {
                    open = i;
                    contentFrom = i + 2;
                    closer = d == '(' ? "\\)" : "\\]";
                } else if (open >= 0 && (d == ')' && "\\)".equals(closer) || d == ']' && "\\]".equals(closer))) {
                    add(out, open, contentFrom, i, i + 2, text);
                    open = -1;
                }
                i++; // an escaped character (\$, \\, \{) is content
                continue;
            }
            if (c == '$') {
                boolean dbl = i + 1 < n && text.charAt(i + 1) == '$';
                if (open < 0) {
                    open = i;
                    contentFrom = i + (dbl ? 2 : 1);
                    closer = dbl ? "$$" : "$";
                    i += dbl ? 1 : 0;
                } else if ("$$".equals(closer) && dbl) {
                    add(out, open, contentFrom, i, i + 2, text);
                    open = -1;
                    i++;
                } else if ("$".equals(closer)) {
                    add(out, open, contentFrom, i, i + 1, text);
                    open = -1;
                }
                continue;
            }
            if (c == '\n' && open >= 0 && ("$".equals(closer) || "\\)".equals(closer)) && blankLineAhead(text, i)) {
                open = -1; // an inline span does not cross a paragraph break
            }
        }
        return out;
    }

    private static boolean blankLineAhead(String text, int newline) {
        int j = newline + 1;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '\n';
    }

    private static void add(List<Piece> out, int outerFrom, int from, int to, int outerTo, String text) {
        for (int k = from; k < to; k++) {
            if (!Character.isWhitespace(text.charAt(k))) {
                out.add(new Piece(outerFrom, from, to, outerTo));
                return;
            }
        }
    }

    /** Index of the first piece of the run of connected pieces that ends with the last one. */
    private static int firstConnected(String text, List<Piece> pieces) {
        int first = pieces.size() - 1;
        while (first > 0 && pieces.size() - first < MAX_PIECES
                && onlyConnectors(text, pieces.get(first - 1).outerTo(), pieces.get(first).outerFrom())) {
            first--;
        }
        return first;
    }

    private static String join(String text, List<Piece> pieces, int first) {
        StringBuilder sb = new StringBuilder();
        for (int k = first; k < pieces.size(); k++) {
            String content = text.substring(pieces.get(k).from(), pieces.get(k).to()).trim();
            if (content.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(content);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /**
     * Whether {@code text[from, to)} holds only connectors: white space, {@code , ; . $}, the math
     * delimiters {@code \( \) \[ \]}, spacing commands, the words "and"/"or" bare or in
     * {@code \text{…}}.
     */
    static boolean onlyConnectors(String text, int from, int to) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == ';' || c == '.' || c == '$' || c == '~' || c == '{' || c == '}') {
                i++;
            } else if (c == '\\' && i + 1 < to) {
                char d = text.charAt(i + 1);
                if (d == '(' || d == ')' || d == '[' || d == ']' || d == ',' || d == ';' || d == ' ' || d == '!') {
                    i += 2;
                } else if (text.startsWith("\\qquad", i)) {
                    i += 6;
                } else if (text.startsWith("\\quad", i)) {
                    i += 5;
                } else if (text.startsWith("\\text", i)) {
                    i += 5; // its braces and words are checked as they come
                } else {
                    return false;
                }
            } else if (wordAt(text, i, to, "and")) {
                i += 3;
            } else if (wordAt(text, i, to, "or")) {
                i += 2;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean wordAt(String text, int i, int to, String word) {
        if (i + word.length() > to || !text.regionMatches(true, i, word, 0, word.length())) {
            return false;
        }
        int end = i + word.length();
        return end == to || !Character.isLetter(text.charAt(end));
    }

    /** Index of the brace closing the one at {@code open}, ignoring escaped braces, or -1. */
    private static int closingBrace(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return j;
                }
            }
        }
        return -1;
    }
}
