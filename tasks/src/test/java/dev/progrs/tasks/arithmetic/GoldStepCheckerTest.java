package dev.progrs.tasks.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.tasks.arithmetic.GoldStepChecker.Check;
import org.junit.jupiter.api.Test;

class GoldStepCheckerTest {

    // mod 7: c = 3+5 = 1, d = 1*5 = 5, e = 5-2 = 3; answer "53" (d and e).
    private static final ArithmeticProblem P =
            ArithmeticProblem.parse("a=3, b=5, z=2. c=a+b. d=c*b. e=d-z. What are d and e?", 7);

    @Test
    void theReferenceSolutionIsCorrectEverywhere() {
        Check c = GoldStepChecker.check(P, P.referenceSolution());
        assertEquals("c=a+b=3+5=1\nd=c*b=1*5=5\ne=d-z=5-2=3\nAnswer: 53", P.referenceSolution());
        assertTrue(GoldStepChecker.check(P, "c=3+5=1\nd=1*5=5\ne=5-2=3\nAnswer: 53").fullyCorrect(), "the values-only form is read too");
        assertEquals(-1, c.firstWrongStep());
        assertTrue(c.fullyCorrect());
        assertTrue(c.answerFollowsFromSteps());
        assertFalse(c.luckyCorrect());
        assertEquals(3, c.correctPrefixSteps());
    }

    @Test
    void aSlipIsFoundAtItsStepAndPropagates() {
        // step 2 slips (1*5 written as 6); step 3 computes correctly from the wrong value: 6-2 = 4.
        Check c = GoldStepChecker.check(P, "c=3+5=1\nd=1*5=6\ne=6-2=4\nAnswer: 64");
        assertEquals(1, c.firstWrongStep());
        assertEquals(StepError.SLIP, c.firstError());
        assertFalse(c.steps().get(1).arithmeticRight());
        assertEquals(StepError.WRONG_OPERAND, c.steps().get(2).error());
        assertTrue(c.steps().get(2).consistent(), "the third line is right given the solution's own values");
        assertTrue(c.answerFollowsFromSteps());
        assertFalse(c.answerCorrect());
    }

    @Test
    void aWrongOperandCopyIsNotASlip() {
        // b copied as 2 (the distractor's value): 1*2 = 2 is right arithmetic on a wrong operand.
        Check c = GoldStepChecker.check(P, "c=3+5=1\nd=1*2=2\ne=2-2=0\nAnswer: 20");
        assertEquals(StepError.WRONG_OPERAND, c.firstError());
        assertTrue(c.steps().get(1).arithmeticRight());
        assertFalse(c.steps().get(1).operandsRight());
    }

    @Test
    void aWrongNameIsAWrongOperandEvenWithTheRightValue() {
        // z (=2) named instead of b, but the value 5 written: the line does not say what the step says.
        Check c = GoldStepChecker.check(P, "c=a+b=3+5=1\nd=c*z=1*5=5\ne=d-z=5-2=3\nAnswer: 53");
        assertEquals(1, c.firstWrongStep());
        assertEquals(StepError.WRONG_OPERAND, c.firstError());
        assertTrue(c.steps().get(1).valueRight());
    }

    @Test
    void swappedOperandsOfACommutingStepAreNoError() {
        // d = c*b written as b*c (5*1): right for ×; e = d-z written z-d would be wrong.
        assertTrue(GoldStepChecker.check(P, "c=a+b=3+5=1\nd=b*c=5*1=5\ne=d-z=5-2=3\nAnswer: 53").fullyCorrect());
        Check c = GoldStepChecker.check(P, "c=a+b=3+5=1\nd=c*b=1*5=5\ne=z-d=2-5=4\nAnswer: 54");
        assertEquals(StepError.WRONG_OPERAND, c.firstError());
        assertEquals(2, c.firstWrongStep());
    }

    @Test
    void aWrongOperatorIsReported() {
        Check c = GoldStepChecker.check(P, "c=3-5=5\nd=5*5=4\ne=4-2=2\nAnswer: 42");
        assertEquals(0, c.firstWrongStep());
        assertEquals(StepError.WRONG_OPERATION, c.firstError());
    }

    @Test
    void aSkippedStepIsNamedAndTheMissingLineCounted() {
        Check c = GoldStepChecker.check(P, "c=3+5=1\ne=1-2=6\nAnswer: 16");
        assertEquals(1, c.firstWrongStep());
        assertEquals(StepError.SKIPPED_STEP, c.firstError());
        assertTrue(c.skipsAStep());
        assertEquals(StepError.MISSING, c.steps().get(2).error());
    }

    @Test
    void aRepeatedLineIsAWrongTarget() {
        Check c = GoldStepChecker.check(P, "c=3+5=1\nc=3+5=1\nd=1*5=5\ne=5-2=3\nAnswer: 53");
        assertEquals(1, c.firstWrongStep());
        assertEquals(StepError.WRONG_TARGET, c.firstError());
        assertEquals(StepError.EXTRA, c.steps().get(3).error());
        assertTrue(c.luckyCorrect(), "right answer with a wrong step");
    }

    @Test
    void rightAnswerWithAWrongStepIsLuckyAndDoesNotFollowFromTheSteps() {
        // step 2 shows 6, step 3 uses the correct 5: the answer is right but not what the lines imply.
        Check c = GoldStepChecker.check(P, "c=3+5=1\nd=1*5=6\ne=5-2=3\nAnswer: 53");
        assertTrue(c.answerCorrect());
        assertTrue(c.luckyCorrect());
        assertFalse(c.answerFollowsFromSteps());
        assertEquals(StepError.SLIP, c.firstError());
    }

    @Test
    void garbageAndTruncationAreWrongFromTheirLine() {
        Check c = GoldStepChecker.check(P, "c=3+5=1\nd=1*");
        assertEquals(1, c.firstWrongStep());
        assertEquals(StepError.MALFORMED, c.firstError());
        assertEquals(null, c.statedAnswer());
        assertFalse(c.answerCorrect());
        Check empty = GoldStepChecker.check(P, "");
        assertEquals(StepError.MISSING, empty.firstError());
        assertEquals(0, empty.firstWrongStep());
    }

    @Test
    void everyFlawKindIsFoundAtItsStep() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.v1());
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            ArithmeticProblem p = suite.trainArithmetic(i, 2 + i % 7);
            assertTrue(GoldStepChecker.check(p, p.referenceSolution()).fullyCorrect(), p.prompt());
            for (FlawedSolutions.Kind k : FlawedSolutions.Kind.values()) {
                FlawedSolutions.Flawed f = FlawedSolutions.random(p, k, rng);
                Check c = GoldStepChecker.check(p, f.solution());
                assertEquals(f.step() - 1, c.firstWrongStep(), k + " " + p.prompt() + "\n" + f.solution());
                assertEquals(f.answerCorrect(), c.answerCorrect(), k + " " + f.solution());
                StepError expected = switch (k) {
                    case SLIP, RIGHT_ANSWER_WRONG_STEP -> StepError.SLIP;
                    case WRONG_OPERAND -> StepError.WRONG_OPERAND;
                    case SKIPPED_STEP -> f.step() == p.steps().size() ? StepError.MISSING : StepError.SKIPPED_STEP;
                    case STOPPED_EARLY -> StepError.MISSING;
                    case WRONG_OPERATION -> StepError.WRONG_OPERATION;
                };
                assertEquals(expected, c.firstError(), k + " " + f.solution());
            }
        }
    }
}
