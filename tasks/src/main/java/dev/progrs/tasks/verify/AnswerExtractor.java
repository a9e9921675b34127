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
 *       unclosed box takes the rest of the text; {@code \boxed 5} takes one token); boxes connected by
 *       "and", commas or spacing ({@code \boxed{1} and \boxed{-2}}) are one answer, joined ({@code 1, -2});</li>
 *   <li>{@code answer-line}: the rest of the line after the last {@code Answer:} (case-insensitive,
 *       also {@code Final Answer:}, markdown bold);</li>
 *   <li>{@code answer-is}: the rest of the sentence after the last "the answer is";</li>
 *   <li>{@code hash-marker}: the rest of the line after the last {@code ####} (GSM8K style);</li>
 *   <li>{@code math-span}: the last {@link MathSpans math span} ({@code $…$}, {@code \(…\)}, {@code \[…\]}),
 *       joined with the spans connected to it ({@code $1$ and $2$} → {@code 1, 2});</li>
 *   <li>{@code whole-output}: the whole output when it {@link MathText reads as mathematics}
 *       ({@code \frac13}, {@code (x-2)(x+2)}, {@code 4, .1, 2});</li>
 *   <li>{@code last-number}: the last number (integer, decimal, thousands separators {@code 1,000} and
 *       {@code 1 000}, decimal comma {@code 2,74}, {@code a/b}); a digit glued to a letter before it
 *       ({@code x2}, {@code AZYUK2A}, {@code \frac13}) does not start a number;</li>
 *   <li>{@code choice-letter}: applied by {@link Verifier} when the gold is a {@link ChoiceLetters choice}
 *       and the answer found is not a letter: the letter the output chose;</li>
 *   <li>{@code none}: nothing found.</li>
 * </ol>
 * Every rule runs in time linear in the output's length, so no output (100 000 spaces after
 * "answer", a line of 100 000 asterisks) can hold the caller: the answer markers are found by
 * hand-written scans, not by backtracking regexes ({@code answer\s*\**\s*:} as a regex tries every
 * split of a long run of spaces between its two {@code \s*}, which is quadratic), trimming moves
 * indices instead of copying strings, and the one regex left ({@code last-number}) cannot
 * backtrack more than a few characters. The arithmetic suite's {@code ...\nAnswer: 3} costs a few
 * hundred nanoseconds.
 *
 * <p>As in the regexes they replace, "answer" and "is" match ASCII letters in either case, and
 * white space is {@code [ \t\n\x0B\f\r]}.
 */
public final class AnswerExtractor {

    /** Extraction rules, in priority order. */
    public enum Rule {
        BOXED("boxed"), ANSWER_LINE("answer-line"), ANSWER_IS("answer-is"), HASH_MARKER("hash-marker"),
        MATH_SPAN("math-span"), WHOLE_OUTPUT("whole-output"), LAST_NUMBER("last-number"), CHOICE_LETTER("choice-letter"),
        NONE("none");

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

    private static final String ANSWER = "answer";
    /**
     * A number not glued to a letter before it: thousands with commas or single spaces, a decimal comma
     * (two digits after it, not followed by more digits or commas), a decimal, {@code a/b}. Every
     * alternative is bounded or possessive, so a failed attempt backtracks at most a few characters.
     */
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z0-9.,])-?(?:\\d{1,3}(?:,\\d{3})++(?![0-9])(?:\\.\\d++)?"
            + "|\\d{1,3}(?: \\d{3})++(?![0-9])(?:\\.\\d++)?|\\d++,\\d{2}(?![0-9,])|\\d++(?:\\.\\d++)?)(?:/\\d++)?"
            + "|(?<![A-Za-z0-9])-?\\.\\d++");

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
        String boxed = null;
        if (allowed.contains(Rule.BOXED)) {
            boxed = MathSpans.connectedBoxes(output);
            boxed = boxed != null ? boxed : lastBoxed(output);
        }
        if (boxed != null && !answerLineAfterLastBox(output, allowed)) {
            return new Extraction(boxed, Rule.BOXED);
        }
        int lower = allowed.contains(Rule.ANSWER_LINE) || allowed.contains(Rule.ANSWER_IS) ? indexOfAnswer(output, 0) : -1;
        if (lower >= 0) {
            String line = null;
            if (allowed.contains(Rule.ANSWER_LINE)) {
                int end = lastAnswerLineEnd(output);
                line = end < 0 ? null : restOfLine(output, end);
            }
            if (line != null) {
                String inner = sentenceAfterLastAnswerIs(line);
                String a = withinProse(clean(inner != null ? inner : line));
                if (!a.isEmpty()) {
                    return new Extraction(a, Rule.ANSWER_LINE);
                }
            }
            String is = allowed.contains(Rule.ANSWER_IS) ? sentenceAfterLastAnswerIs(output) : null;
            if (is != null) {
                String a = withinProse(clean(is));
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
        if (allowed.contains(Rule.MATH_SPAN)) {
            MathSpans.Found span = MathSpans.lastConnected(output);
            if (span != null) {
                String later = allowed.contains(Rule.LAST_NUMBER) ? lastNumber(output, span.end()) : null;
                // prose after the last span that states a number ("… so there are 12 sequences.") answers with it
                return later != null ? new Extraction(later, Rule.LAST_NUMBER) : new Extraction(span.answer(), Rule.MATH_SPAN);
            }
        }
        if (allowed.contains(Rule.WHOLE_OUTPUT) && MathText.looksLikeMath(output)) {
            return new Extraction(clean(output), Rule.WHOLE_OUTPUT);
        }
        if (!allowed.contains(Rule.LAST_NUMBER)) {
            return new Extraction(null, Rule.NONE);
        }
        String last = lastNumber(output, 0);
        if (last != null) {
            return new Extraction(last, Rule.LAST_NUMBER);
        }
        return new Extraction(null, Rule.NONE);
    }

    /** The last {@link #NUMBER number} starting at or after {@code from}, or {@code null}. */
    private static String lastNumber(String output, int from) {
        Matcher m = NUMBER.matcher(output);
        m.region(from, output.length());
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    /**
     * Whether an answer line ({@code Final Answer: The final answer is $10,455$.}) comes after the
     * last box and holds none: a later explicit answer supersedes a box of an intermediate step.
     */
    private static boolean answerLineAfterLastBox(String output, Set<Rule> allowed) {
        if (!allowed.contains(Rule.ANSWER_LINE)) {
            return false;
        }
        int box = Math.max(output.lastIndexOf("\\boxed"), output.lastIndexOf("\\fbox"));
        int end = lastAnswerLineEnd(output);
        if (end < 0 || end <= box) {
            return false;
        }
        int close = output.indexOf('}', box);
        String line = restOfLine(output, end);
        return close >= 0 && close < end && !clean(line).isEmpty();
    }

    /**
     * An answer line that is prose ("The volume of $V$ is 120") gives its first sentence's last math
     * span or last number, whichever ends later; an answer line that reads as mathematics, or prose with
     * neither (a word answer such as "Evelyn"), is kept as it is.
     */
    private static String withinProse(String answer) {
        if (answer.isEmpty() || MathText.looksLikeMath(answer) || answer.length() <= 2) {
            return answer;
        }
        String sentence = answer;
        for (int i = 0; i + 1 < answer.length(); i++) {
            if (answer.charAt(i) == '.' && isSpace(answer.charAt(i + 1))) {
                sentence = answer.substring(0, i);
                break;
            }
        }
        MathSpans.Found found = MathSpans.lastConnected(sentence);
        String span = found == null ? null : found.answer();
        int spanEnd = found == null ? -1 : found.end();
        Matcher m = NUMBER.matcher(sentence);
        String number = null;
        int numberEnd = -1;
        while (m.find()) {
            number = m.group();
            numberEnd = m.end();
        }
        if (span != null && spanEnd >= numberEnd) {
            return span;
        }
        if (number != null) {
            return number;
        }
        return span != null ? span : answer;
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

    /**
     * The end of the last {@code answer\s*\**\s*[:：]} in {@code s}, or -1. Scans the colons from
     * the right; from each it steps back over white space, asterisks and white space and looks for
     * "answer". The stretch a colon steps back over holds no other colon, so every character is
     * visited at most twice: linear.
     */
    static int lastAnswerLineEnd(String s) {
        for (int c = s.length() - 1; c >= 0; c--) {
            char ch = s.charAt(c);
            if (ch != ':' && ch != '：') {
                continue;
            }
            int i = c;
            while (i > 0 && isSpace(s.charAt(i - 1))) {
                i--;
            }
            while (i > 0 && s.charAt(i - 1) == '*') {
                i--;
            }
            while (i > 0 && isSpace(s.charAt(i - 1))) {
                i--;
            }
            if (i >= ANSWER.length() && isAnswerAt(s, i - ANSWER.length())) {
                return c + 1;
            }
        }
        return -1;
    }

    /**
     * The end of the last {@code answer\s+is\s*[:：]?} in {@code s}, or -1, matched left to right
     * without overlaps as {@code Matcher.find} would. Linear: the white space after one "answer" ends
     * before the next one starts.
     */
    static int lastAnswerIsEnd(String s) {
        int n = s.length();
        int end = -1;
        int from = 0;
        int a;
        while ((a = indexOfAnswer(s, from)) >= 0) {
            int i = a + ANSWER.length();
            int j = i;
            while (j < n && isSpace(s.charAt(j))) {
                j++;
            }
            if (j > i && j + 2 <= n && lowerAscii(s.charAt(j)) == 'i' && lowerAscii(s.charAt(j + 1)) == 's') {
                int k = j + 2;
                while (k < n && isSpace(s.charAt(k))) {
                    k++;
                }
                if (k < n && (s.charAt(k) == ':' || s.charAt(k) == '：')) {
                    k++;
                }
                end = k;
                from = k;
            } else {
                from = i;
            }
        }
        return end;
    }

    /** The rest of the sentence after the last "answer is", or null: up to a period followed by white space or the end. */
    private static String sentenceAfterLastAnswerIs(String text) {
        int end = lastAnswerIsEnd(text);
        if (end < 0) {
            return null;
        }
        String rest = restOfLine(text, end);
        // end of sentence: a period followed by whitespace (not a decimal point)
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '.' && (i + 1 == rest.length() || isSpace(rest.charAt(i + 1)))) {
                return rest.substring(0, i);
            }
        }
        return rest;
    }

    private static String restOfLine(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.substring(from) : text.substring(from, nl);
    }

    /**
     * Trims white space (as {@link String#trim()}) and markdown asterisks from both ends, then
     * trailing periods that are not an ellipsis, then one pair of enclosing {@code $}. Moves two
     * indices and copies once, so a line of 100 000 asterisks costs one pass.
     */
    static String clean(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && (s.charAt(b) <= ' ' || s.charAt(b) == '*')) {
            b++;
        }
        while (e > b && (s.charAt(e - 1) <= ' ' || s.charAt(e - 1) == '*')) {
            e--;
        }
        while (e > b && s.charAt(e - 1) == '.' && !(e - 2 >= b && s.charAt(e - 2) == '.')) {
            e--;
            while (e > b && s.charAt(e - 1) <= ' ') {
                e--;
            }
        }
        if (e - b >= 2 && s.charAt(b) == '$' && s.charAt(e - 1) == '$') {
            b++;
            e--;
            while (b < e && s.charAt(b) <= ' ') {
                b++;
            }
            while (e > b && s.charAt(e - 1) <= ' ') {
                e--;
            }
        }
        return s.substring(b, e);
    }

    /** The first "answer" (ASCII letters in either case) at or after {@code from}, or -1. */
    private static int indexOfAnswer(String s, int from) {
        int last = s.length() - ANSWER.length();
        for (int i = from; i <= last; i++) {
            if (isAnswerAt(s, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAnswerAt(String s, int i) {
        for (int k = 0; k < ANSWER.length(); k++) {
            if (lowerAscii(s.charAt(i + k)) != ANSWER.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** White space as the regex {@code \s} (without UNICODE_CHARACTER_CLASS) defines it. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
