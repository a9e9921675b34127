package dev.progrs.tasks.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Extraction is linear in the output's length: the outputs that made the old regexes quadratic
 * finish in milliseconds, and the hand-written scans find exactly what those regexes found.
 */
class LinearExtractionTest {

    /** The regexes the scans replace, kept here as the oracle. */
    private static final Pattern ANSWER_LINE = Pattern.compile("(?i)answer\\s*\\**\\s*[:：]");
    private static final Pattern ANSWER_IS = Pattern.compile("(?i)answer\\s+is\\s*[:：]?");

    private static int lastEnd(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int end = -1;
        while (m.find()) {
            end = m.end();
        }
        return end;
    }

    /** The old {@code clean}, copying strings at every step. */
    private static String oldClean(String s) {
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

    private static <T> T timed(String what, long limitMs, Supplier<T> work) {
        long t0 = System.nanoTime();
        T result = work.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s: %d ms%n", what, ms);
        assertTrue(ms < limitMs, what + " took " + ms + " ms, limit " + limitMs);
        return result;
    }

    @Test
    void answerFollowedByAHundredThousandSpacesIsDecidedInMilliseconds() {
        // the regex answer\s*\**\s*: tried every split of the spaces between its two \s*: 50 s on this machine
        String output = "answer" + " ".repeat(100_000);
        AnswerExtractor.extract("warm up: Answer: 1");
        Extraction e = timed("answer + 100k spaces", 500, () -> AnswerExtractor.extract(output));
        assertEquals(AnswerExtractor.Rule.NONE, e.rule());
        assertNull(e.answer());
    }

    @Test
    void aColonAfterTheSpacesStillMakesAnAnswerLine() {
        String output = "Answer" + " ".repeat(100_000) + ": 7";
        Extraction e = timed("answer + 100k spaces + colon", 500, () -> AnswerExtractor.extract(output));
        assertEquals(AnswerExtractor.Rule.ANSWER_LINE, e.rule());
        assertEquals("7", e.answer());
    }

    @Test
    void aLineOfAHundredThousandAsterisksIsTrimmedInOnePass() {
        String output = "Answer: " + "*".repeat(100_000) + "5" + " *".repeat(50_000);
        Extraction e = timed("answer line of 100k asterisks", 500, () -> AnswerExtractor.extract(output));
        assertEquals("5", e.answer());
    }

    @Test
    void tenThousandAnswerMarkersAreLinear() {
        // the last "answer is" swallows the spaces after it (\s*); the rest of its line is the last "answer" and its tabs
        String output = ("answer is" + " ".repeat(50) + "answer" + "\t".repeat(50)).repeat(5_000);
        Extraction e = timed("10k answer markers", 500, () -> AnswerExtractor.extract(output));
        assertEquals(AnswerExtractor.Rule.ANSWER_IS, e.rule());
        assertEquals("answer", e.answer());
    }

    @Test
    void theAnswerLineScanFindsWhatTheRegexFound() {
        SplittableRandom rng = new SplittableRandom(18);
        String alphabet = "answerANSWERis *:：\n\t.x";
        for (int n = 0; n < 20_000; n++) {
            String s = random(rng, alphabet, 1 + rng.nextInt(40));
            assertEquals(lastEnd(ANSWER_LINE, s), AnswerExtractor.lastAnswerLineEnd(s), () -> "answer-line end in '" + s + "'");
        }
    }

    @Test
    void theAnswerIsScanFindsWhatTheRegexFound() {
        SplittableRandom rng = new SplittableRandom(19);
        String alphabet = "answerANSWERisIS *:：\n\t.x";
        for (int n = 0; n < 20_000; n++) {
            String s = random(rng, alphabet, 1 + rng.nextInt(40));
            assertEquals(lastEnd(ANSWER_IS, s), AnswerExtractor.lastAnswerIsEnd(s), () -> "answer-is end in '" + s + "'");
        }
    }

    @Test
    void cleaningGivesWhatTheCopyingVersionGave() {
        SplittableRandom rng = new SplittableRandom(20);
        String alphabet = " *.$x1\t";
        for (int n = 0; n < 20_000; n++) {
            String s = random(rng, alphabet, rng.nextInt(16));
            assertEquals(oldClean(s), AnswerExtractor.clean(s), () -> "clean('" + s + "')");
        }
    }

    /** Random strings built from words of the alphabet's pieces, so markers such as "answer is" occur often. */
    private static String random(SplittableRandom rng, String alphabet, int pieces) {
        String[] words = {"answer", "Answer", "ANSWER", "is", "Is", " ", "  ", "*", "**", ":", "：", "\n", "\t", "."};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (rng.nextInt(3) == 0) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            } else {
                sb.append(words[rng.nextInt(words.length)]);
            }
        }
        return sb.toString();
    }
}
