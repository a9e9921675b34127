package dev.progrs.tasks.verify;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the final answer from free model output. Rules, first that fires wins:
 * <ol>
 *   <li>{@code boxed}: the last {@code \boxed{...}} or {@code \fbox{...}} (nested braces; an
 *       unclosed box takes the rest of the text; {@code \boxed 5} takes one token);</li>
 *   <li>{@code answer-line}: the rest of the line after the last {@code Answer:} (case-insensitive,
 *       also {@code Final Answer:}, markdown bold);</li>
 *   <li>{@code answer-is}: the rest of the sentence after the last "the answer is";</li>
 *   <li>{@code hash-marker}: the rest of the line after the last {@code ####} (GSM8K style);</li>
 *   <li>{@code last-number}: the last number (integer, decimal, thousands separators, {@code a/b});</li>
 *   <li>{@code none}: nothing found.</li>
 * </ol>
 * Cheap checks ({@code indexOf}) guard every regex so the arithmetic suite's
 * {@code ...\nAnswer: 3} costs a few hundred nanoseconds.
 */
public final class AnswerExtractor {

    /** Extraction rules, in priority order. */
    public enum Rule {
        BOXED("boxed"), ANSWER_LINE("answer-line"), ANSWER_IS("answer-is"), HASH_MARKER("hash-marker"),
        LAST_NUMBER("last-number"), NONE("none");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The name written into verdicts. */
        public String id() {
            return id;
        }

        /** The rule named {@code id} ({@code boxed}, {@code answer-line}, ...). */
        public static Rule ofId(String id) {
            for (Rule r : values()) {
                if (r.id.equalsIgnoreCase(id.trim()) || r.name().equalsIgnoreCase(id.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown extraction rule '" + id + "'; accepted: "
                    + java.util.Arrays.stream(values()).filter(r -> r != NONE).map(Rule::id)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
    }

    private static final Pattern ANSWER_LINE = Pattern.compile("(?i)answer\\s*\\**\\s*[:：]");
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)answer\\s+is\\s*[:：]?");
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+)?|-?\\.\\d+");

    private AnswerExtractor() {
    }

    /** Every rule: what benchmark evaluation uses. */
    public static final Set<Rule> ALL_RULES = Collections.unmodifiableSet(EnumSet.allOf(Rule.class));

    /**
     * Only {@code Answer:} lines: the built-in suite's format. A rollout that never writes its
     * {@code Answer:} line is not rewarded for a number that happens to end its last step.
     */
    public static final Set<Rule> ANSWER_LINE_ONLY = Collections.unmodifiableSet(EnumSet.of(Rule.ANSWER_LINE));

    /** Extracts the answer from {@code output}; never throws, {@code null} output gives {@code none}. */
    public static Extraction extract(String output) {
        return extract(output, ALL_RULES);
    }

    /** Extracts the answer using only the {@code allowed} rules (in their usual priority order). */
    public static Extraction extract(String output, Set<Rule> allowed) {
        if (output == null || output.isBlank()) {
            return new Extraction(null, Rule.NONE);
        }
        String boxed = allowed.contains(Rule.BOXED) ? lastBoxed(output) : null;
        if (boxed != null) {
            return new Extraction(boxed, Rule.BOXED);
        }
        int lower = allowed.contains(Rule.ANSWER_LINE) || allowed.contains(Rule.ANSWER_IS) ? indexOfIgnoreCase(output, "answer") : -1;
        if (lower >= 0) {
            String line = allowed.contains(Rule.ANSWER_LINE) ? lastAfter(ANSWER_LINE, output, true) : null;
            if (line != null) {
                String inner = lastAfter(ANSWER_IS, line, false);
                String a = clean(inner != null ? inner : line);
                if (!a.isEmpty()) {
                    return new Extraction(a, Rule.ANSWER_LINE);
                }
            }
            String is = allowed.contains(Rule.ANSWER_IS) ? lastAfter(ANSWER_IS, output, false) : null;
            if (is != null) {
                String a = clean(is);
                if (!a.isEmpty()) {
                    return new Extraction(a, Rule.ANSWER_IS);
                }
            }
        }
        int hash = allowed.contains(Rule.HASH_MARKER) ? output.lastIndexOf("####") : -1;
        if (hash >= 0) {
            String a = clean(restOfLine(output, hash + 4));
            if (!a.isEmpty()) {
                return new Extraction(a, Rule.HASH_MARKER);
            }
        }
        if (!allowed.contains(Rule.LAST_NUMBER)) {
            return new Extraction(null, Rule.NONE);
        }
        Matcher m = NUMBER.matcher(output);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        if (last != null) {
            return new Extraction(last, Rule.LAST_NUMBER);
        }
        return new Extraction(null, Rule.NONE);
    }

    /** Content of the last {@code \boxed} / {@code \fbox} in {@code text}, or {@code null}. */
    public static String lastBoxed(String text) {
        int b = text.lastIndexOf("\\boxed");
        int f = text.lastIndexOf("\\fbox");
        int start;
        int len;
        if (b < 0 && f < 0) {
            return null;
        }
        if (b >= f) {
            start = b;
            len = 6;
        } else {
            start = f;
            len = 5;
        }
        int i = start + len;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        if (i >= text.length()) {
            return null;
        }
        if (text.charAt(i) == '{') {
            int depth = 0;
            for (int j = i; j < text.length(); j++) {
                char c = text.charAt(j);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (depth == 0) {
                        return text.substring(i + 1, j).trim();
                    }
                }
            }
            String rest = text.substring(i + 1).trim();
            return rest.isEmpty() ? null : rest;
        }
        int j = i;
        while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '$') {
            j++;
        }
        return j > i ? text.substring(i, j) : null;
    }

    private static String lastAfter(Pattern p, String text, boolean line) {
        Matcher m = p.matcher(text);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        if (end < 0) {
            return null;
        }
        if (line) {
            return restOfLine(text, end);
        }
        String rest = restOfLine(text, end);
        // end of sentence: a period followed by whitespace (not a decimal point)
        Matcher stop = Pattern.compile("\\.(\\s|$)").matcher(rest);
        return stop.find() ? rest.substring(0, stop.start()) : rest;
    }

    private static String restOfLine(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.substring(from) : text.substring(from, nl);
    }

    private static String clean(String s) {
        String t = s.trim();
        while (t.startsWith("*")) {
            t = t.substring(1).trim();
        }
        while (t.endsWith("*")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        while (t.endsWith(".") && !t.endsWith("..")) {
            t = t.substring(0, t.length() - 1).trim();
        }
        if (t.length() >= 2 && t.startsWith("$") && t.endsWith("$")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        return t;
    }

    private static int indexOfIgnoreCase(String s, String word) {
        int n = s.length() - word.length();
        for (int i = 0; i <= n; i++) {
            if (s.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }
}
