package dev.progrs.tasks.verify;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AnswerExtractorTest {

    private static void extracts(String output, String answer, String rule) {
        Extraction e = AnswerExtractor.extract(output);
        assertEquals(rule, e.rule().id(), output);
        assertEquals(answer, e.answer(), output);
    }

    @Test
    void lastBoxedWinsWithNestedBraces() {
        extracts("First \\boxed{1}, then $\\boxed{\\frac{\\sqrt{3}}{2}}$.", "\\frac{\\sqrt{3}}{2}", "boxed");
        extracts("So \\fbox{7} it is", "7", "boxed");
        extracts("\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}", "\\left( 3, \\frac{\\pi}{2} \\right)", "boxed");
        extracts("the answer is \\boxed 5 and done", "5", "boxed");
        extracts("Answer: 4 but \\boxed{5}", "5", "boxed");
    }

    @Test
    void unclosedBoxTakesTheRest() {
        extracts("so \\boxed{12", "12", "boxed");
    }

    @Test
    void answerLineTakesTheLastOne() {
        extracts("d=8-1=7\ne=7-8=9\nAnswer: 3", "3", "answer-line");
        extracts("Answer: 1\nwait\nAnswer: 2", "2", "answer-line");
        extracts("**Final Answer:** $\\frac{1}{2}$.", "\\frac{1}{2}", "answer-line");
        extracts("Final Answer: The final answer is 42. I hope it is correct.", "42", "answer-line");
    }

    @Test
    void theAnswerIsTakesTheSentence() {
        extracts("Thus the answer is 3.5. Done.", "3.5", "answer-is");
        extracts("So the answer is $x = 5$", "x = 5", "answer-is");
    }

    @Test
    void hashMarkerForGsm8kStyle() {
        extracts("She earns 9*2 = 18 dollars.\n#### 18", "18", "hash-marker");
    }

    @Test
    void lastNumberAsFallback() {
        extracts("I think 3 apples and then 1,234 pears", "1,234", "last-number");
        extracts("ratio 3/4", "3/4", "last-number");
        extracts("it is -2.5 degrees", "-2.5", "last-number");
    }

    @Test
    void nothingFound() {
        Extraction e = AnswerExtractor.extract("no idea");
        assertEquals("none", e.rule().id());
        assertNull(e.answer());
        assertEquals("none", AnswerExtractor.extract(null).rule().id());
        assertEquals("none", AnswerExtractor.extract("   ").rule().id());
    }

    @Test
    void answerLineOnlyIgnoresTheOtherRules() {
        String truncated = "d=8-1=7\ne=7-8=9\nf=9-8=1\ng=1-8=3";
        assertEquals("last-number", AnswerExtractor.extract(truncated).rule().id());
        Extraction strict = AnswerExtractor.extract(truncated, AnswerExtractor.ANSWER_LINE_ONLY);
        assertEquals("none", strict.rule().id());
        assertNull(strict.answer());
        assertEquals("3", AnswerExtractor.extract(truncated + "\nAnswer: 3", AnswerExtractor.ANSWER_LINE_ONLY).answer());
        assertNull(AnswerExtractor.extract("so \\boxed{3}", AnswerExtractor.ANSWER_LINE_ONLY).answer());
    }
}
