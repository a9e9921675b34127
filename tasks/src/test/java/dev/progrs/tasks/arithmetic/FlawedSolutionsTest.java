package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.arithmetic.FlawedSolutions.Flawed;
import dev.progrs.tasks.arithmetic.FlawedSolutions.Kind;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlawedSolutionsTest {

    private static final ArithmeticProblem EXAMPLE =
            ArithmeticProblem.parse("a=8, b=1, c=8. d=c-b. e=d-8. f=e-c. g=f-c. What is g?", 10);

    @Test
    void slipPropagatesToTheAnswer() {
        Flawed f = FlawedSolutions.slip(EXAMPLE, 2, 1);
        assertEquals("d=8-1=7\ne=7-8=0\nf=0-8=2\ng=2-8=4\nAnswer: 4", f.solution());
        assertEquals("4", f.answer());
        assertEquals(false, f.answerCorrect());
        assertEquals(1, f.firstWrongLine());
    }

    @Test
    void skippedStepLeavesOutTheLineAndItsOperation() {
        // e=d-8 skipped: e keeps d's value 7
        Flawed f = FlawedSolutions.skippedStep(EXAMPLE, 2);
        assertEquals("d=8-1=7\nf=7-8=9\ng=9-8=1\nAnswer: 1", f.solution());
        assertEquals(1, f.firstWrongLine());
        assertEquals(false, f.answerCorrect());
    }

    @Test
    void rightAnswerThroughAWrongStep() {
        Flawed f = FlawedSolutions.rightAnswerWrongStep(EXAMPLE, 1, 2);
        assertEquals("d=8-1=9\ne=7-8=9\nf=9-8=1\ng=1-8=3\nAnswer: 3", f.solution());
        assertEquals(true, f.answerCorrect());
        assertEquals(0, f.firstWrongLine());
    }

    @Test
    void stoppedEarlyAnswersFromTheLastLinesWritten() {
        // d=7, e=7-8≡9, f=1, g=3 (mod 10); stopping before step 3 (f) answers with e's value
        Flawed f = FlawedSolutions.stoppedEarly(EXAMPLE, 3);
        assertEquals("d=8-1=7\ne=7-8=9\nAnswer: 9", f.solution());
        assertEquals(false, f.answerCorrect());
        assertEquals(2, f.firstWrongLine());
    }

    @Test
    void wrongOperationShowsTheOtherOperatorAndCarriesItsResultOn() {
        // e=d*8 instead of e=d-8: 7*8=56≡6 (mod 10); f=6-8=8, g=8-8=0
        Flawed f = FlawedSolutions.wrongOperation(EXAMPLE, 2, Operation.MULTIPLY);
        assertEquals("d=8-1=7\ne=7*8=6\nf=6-8=8\ng=8-8=0\nAnswer: 0", f.solution());
        assertEquals(1, f.firstWrongLine());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlawedSolutions.wrongOperation(EXAMPLE, 2, Operation.SUBTRACT));
        assertTrue(e.getMessage().contains("own operation"), e.getMessage());
    }

    @Test
    void flawedSolutionsDifferFromTheReferenceAtTheReportedLine() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults().withTestSetSize(7));
        SplittableRandom rng = new SplittableRandom(5);
        int slipsWithWrongAnswer = 0;
        for (long i = 0; i < 1_000; i++) {
            ArithmeticProblem p = suite.trainArithmetic(i, 2 + (int) (i % 7));
            String[] ref = p.referenceSolution().split("\n");
            for (Kind k : Kind.values()) {
                Flawed f = FlawedSolutions.random(p, k, rng);
                String[] lines = f.solution().split("\n");
                assertNotEquals(p.referenceSolution(), f.solution());
                int w = f.firstWrongLine();
                assertEquals(f.step() - 1, w, k + " " + f);
                for (int j = 0; j < w; j++) {
                    assertEquals(ref[j], lines[j]);
                }
                assertEquals("Answer: " + f.answer(), lines[lines.length - 1]);
                assertEquals(f.answer().equals(p.answerText()), f.answerCorrect());
                if (k == Kind.RIGHT_ANSWER_WRONG_STEP) {
                    assertTrue(f.answerCorrect());
                }
                if (k == Kind.SKIPPED_STEP) {
                    assertEquals(ref.length - 1, lines.length);
                }
                if (k == Kind.SLIP && !f.answerCorrect()) {
                    slipsWithWrongAnswer++;
                }
            }
        }
        assertTrue(slipsWithWrongAnswer > 700, "slips should mostly reach the answer: " + slipsWithWrongAnswer);
    }

    @Test
    void invalidStepOrDeltaIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FlawedSolutions.slip(EXAMPLE, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> FlawedSolutions.slip(EXAMPLE, 5, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlawedSolutions.slip(EXAMPLE, 1, 10));
        assertTrue(e.getMessage().contains("delta=10"), e.getMessage());
    }
}
