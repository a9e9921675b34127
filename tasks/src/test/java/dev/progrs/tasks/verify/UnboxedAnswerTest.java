package dev.progrs.tasks.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Extraction of answers that are not boxed and have no answer line: spans, whole outputs, numbers, letters. */
class UnboxedAnswerTest {

    private static void extracts(String output, String answer, String rule) {
        Extraction e = AnswerExtractor.extract(output);
        assertEquals(answer, e.answer(), output);
        assertEquals(rule, e.rule().id(), output);
    }

    @Test
    void aRawLatexAnswerIsTakenWholeNotByItsLastNumber() {
        // the last-number rule gave 13, 3 and 2
        extracts("\\frac13", "\\frac13", "whole-output");
        extracts("\\sqrt3", "\\sqrt3", "whole-output");
        extracts("(x-2)(x+2)", "(x-2)(x+2)", "whole-output");
        extracts("4, .1, 2", "4, .1, 2", "whole-output");
        extracts("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "whole-output");
    }

    @Test
    void proseIsNotMathematics() {
        assertFalse(MathText.looksLikeMath("I think 3 apples"));
        assertFalse(MathText.looksLikeMath("AZYUK2A"));
        assertFalse(MathText.looksLikeMath("x is 5"));
        assertFalse(MathText.looksLikeMath("d=8-1=7\ne=7-8=9"), "several lines are a solution, not an answer");
        assertTrue(MathText.looksLikeMath("10\\text{ units}"));
        assertTrue(MathText.looksLikeMath("\\sin^2 x + \\cos^2 x"));
    }

    @Test
    void theLastMathSpanOfProseIsTheAnswer() {
        extracts("Therefore $x \\geq 5$ is the solution.", "x \\geq 5", "math-span");
        extracts("Answer \\[ 9 \\]", "9", "math-span");
        extracts("Answer \\( (9+1) \\)", "(9+1)", "math-span");
        extracts("Costs \\$5, so $ \\frac{1}{2} \\$ = \\frac{10}{9} $", "\\frac{1}{2} \\$ = \\frac{10}{9}", "math-span");
    }

    @Test
    void spansAndBoxesJoinedByConnectorsAreOneAnswer() {
        extracts("the values are $21,16$ or $11$", "21,16, 11", "math-span");
        extracts("$1$ and $2$ and $3$", "1, 2, 3", "math-span");
        extracts("\\(\\boxed{1}\\) and \\(\\boxed{-2}\\).", "1, -2", "boxed");
        extracts("$\\boxed{k = 45} \\quad \\text{and} \\quad \\boxed{n = 2}$", "k = 45, n = 2", "boxed");
        extracts("\\boxed{1} was wrong, so \\boxed{2}", "2", "boxed");
    }

    @Test
    void aWorkedComputationIsJudgedByItsLastPart() {
        // the generator's OutcomeRuleTest relies on this: the verifier finds the gold in "c=3+4=7"
        Verdict v = SharedVerifier.get().verify("c=3+4=7", "7");
        assertTrue(v.correct(), v.toString());
        assertEquals("whole-output", v.rule());
        assertFalse(SharedVerifier.get().verify("c=3+4=8", "7").correct());
    }

    @Test
    void aNumberStatedInProseAfterTheLastSpanWins() {
        extracts("Since $d = \\frac{90}{n}$, there are 12 sequences.", "12", "last-number");
    }

    @Test
    void anAnswerLineAfterTheLastBoxWins() {
        extracts("step: $\\boxed{200}$ then more.\nFinal Answer: The final answer is $10,455$. I hope it is correct.", "10,455",
                "answer-line");
        extracts("Answer: 4 but \\boxed{5}", "5", "boxed");
    }

    @Test
    void aProseAnswerLineGivesItsNumber() {
        extracts("Final Answer: The volume of $ABCDEFGH$ is 120. I hope it is correct.", "120", "answer-line");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            it is 1 000 in all | 1 000
            so 7,425,000 of them | 7,425,000
            Soucis : 2,74 euros | 2,74
            ratio 3/4 | 3/4
            """)
    void numbersWithSeparators(String output, String number) {
        extracts(output, number, "last-number");
    }

    @Test
    void aDigitGluedToALetterStartsNoNumber() {
        Extraction e = AnswerExtractor.extract("AZYUK2A");
        assertNull(e.answer());
    }

    @Test
    void aChoiceLetterIsFoundWhenTheGoldIsAChoice() {
        Verifier v = SharedVerifier.get();
        assertTrue(v.verify("Because B is valid", "B").correct());
        assertTrue(v.verify("A. Because B is not valid", "A").correct());
        assertTrue(v.verify("So the answer is \\boxed{\\text{(C)}}.", "C").correct());
        assertFalse(v.verify("Because B is valid", "C").correct());
        assertEquals("choice-letter", v.verify("Because B is valid", "B").rule());
    }

    @Test
    void scansOfHostileOutputsStayLinear() {
        String[] outputs = {"$".repeat(200_000), "\\(".repeat(100_000), ("\\boxed{1} and ").repeat(20_000),
            "$" + " ".repeat(200_000), ("$x$ and ").repeat(25_000) + "5", "1 ".repeat(100_000), "1,".repeat(100_000)};
        AnswerExtractor.extract("warm up $x$");
        for (String o : outputs) {
            long t0 = System.nanoTime();
            AnswerExtractor.extract(o);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1_000, o.substring(0, 12) + "… took " + ms + " ms");
        }
    }
}
