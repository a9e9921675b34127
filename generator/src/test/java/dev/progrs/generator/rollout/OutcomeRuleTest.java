package dev.progrs.generator.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.Verifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The built-in suite's outcome reward is held-out evaluation's rule: the exact text of the last {@code Answer:} line. */
class OutcomeRuleTest {

    private static final Verifier VERIFIER = new Verifier();
    private static final OutcomeRule EXACT = OutcomeRule.ANSWER_LINE_EXACT;

    @AfterAll
    static void close() {
        VERIFIER.close();
    }

    @Test
    void theBuiltInSuiteUsesTheExactAnswerLineAndOtherSuitesTheVerifier() {
        assertEquals(OutcomeRule.ANSWER_LINE_EXACT, OutcomeRule.forSuite("arithmetic"));
        assertEquals(OutcomeRule.VERIFIER, OutcomeRule.forSuite("math500"));
    }

    @Test
    void aNumericallyEqualAnswerIsNotTheTwoDigitGoldAsText() {
        // gold "05" (suite v1 writes two digits): "5" is the same number, so the verifier would pay for it
        String output = "c=a+b=2+3=5\nAnswer: 5";
        assertTrue(VERIFIER.verify(output, "05").correct());
        Verdict v = EXACT.judge(output, "05", VERIFIER);
        assertFalse(v.correct());
        assertEquals("5", v.extracted());
        assertEquals("answer-line-exact", v.rule());
        assertEquals("'5' is not the gold answer '05' as text", v.reason());
        assertTrue(EXACT.judge("c=a+b=2+3=05\nAnswer: 05", "05", VERIFIER).correct());
    }

    @Test
    void anOutputWithoutAnAnswerLineGetsNoRewardWhateverItsLastNumber() {
        // the verifier's last-number and boxed rules find the gold here; evaluation does not
        for (String output : new String[] {"c=3+4=7", "so \\boxed{7}", "the answer is 7"}) {
            assertTrue(VERIFIER.verify(output, "7").correct(), output);
            Verdict v = EXACT.judge(output, "7", VERIFIER);
            assertFalse(v.correct(), output);
            assertNull(v.extracted(), output);
            assertEquals(OutcomeRule.NONE, v.rule(), output);
        }
    }

    @Test
    void theLastAnswerLineCountsAndItsTextMustMatchExactly() {
        assertTrue(EXACT.judge("Answer: 1\nAnswer: 7\n", "7", VERIFIER).correct());
        assertTrue(EXACT.judge("c=7\nAnswer:  7  ", " 7", VERIFIER).correct()); // both sides trimmed
        assertFalse(EXACT.judge("Answer: 7.", "7", VERIFIER).correct());
        assertFalse(EXACT.judge("answer: 7", "7", VERIFIER).correct());
        assertFalse(EXACT.judge("Answer: 77", "7", VERIFIER).correct());
    }

    @Test
    void trainingRewardsExactlyWhatHeldOutEvaluationCountsAsCorrect() {
        String[] outputs = {"Answer: 05", "Answer: 5", "c=05", "\\boxed{05}", "Answer: 05.", "answer: 05", "Answer: 1\nAnswer: 05",
            "Answer: 05\nAnswer: 1", "Answer:", "", "Final Answer: 05", "**Answer:** 05", "Answer: 05\nd=1"};
        for (String output : outputs) {
            assertEquals(ArithmeticAnswer.correct(output, "05"), EXACT.judge(output, "05", VERIFIER).correct(), output);
        }
    }

    @Test
    void otherSuitesKeepEveryRuleOfTheVerifier() {
        Verdict v = OutcomeRule.VERIFIER.judge("so \\boxed{7}", "7", VERIFIER);
        assertTrue(v.correct());
        assertEquals("boxed", v.rule());
    }
}
