package dev.progrs.tasks.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.tasks.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuiteV2Test {

    private static final ArithmeticSuite V1 = new ArithmeticSuite(ArithmeticSuiteConfig.v1());
    private static final ArithmeticSuite V2 = new ArithmeticSuite(ArithmeticSuiteConfig.named("v2"));

    @Test
    void theProblemsOfV1AskingForEveryStep() {
        for (int i = 0; i < 200; i++) {
            ArithmeticProblem one = V1.trainArithmetic(i, 2 + i % 9);
            ArithmeticProblem two = V2.trainArithmetic(i, 2 + i % 9);
            assertEquals(one.givens(), two.givens());
            assertEquals(one.steps(), two.steps());
            assertEquals(AnswerForm.ALL_VALUES, two.answerForm());
            Map<String, Integer> env = two.values();
            StringBuilder all = new StringBuilder();
            two.steps().forEach(s -> all.append(env.get(s.target())));
            assertEquals(all.toString(), two.answerText());
            String first = two.steps().get(0).target();
            String last = two.steps().get(two.steps().size() - 1).target();
            assertTrue(two.prompt().endsWith(" What are " + first + " to " + last + "?"), two.prompt());
        }
    }

    @Test
    void promptsParseBackAndTheTestSplitFitsAContextOf256() {
        int longest = 0;
        for (Problem p : V2.testSet()) {
            ArithmeticProblem back = V2.parse(p);
            assertEquals(AnswerForm.ALL_VALUES, back.answerForm());
            assertEquals(p.goldAnswer(), back.answerText());
            assertEquals(p.referenceSolution(), back.referenceSolution());
            longest = Math.max(longest, p.text().length() + p.referenceSolution().length() + 3);
        }
        assertEquals(1800, V2.testSet().size());
        assertTrue(longest <= 256, "longest prompt + solution + BOS/newline/EOS: " + longest);
    }

    /**
     * A slip in step 1 that a later line silently repairs (the next line is written as if the slip had
     * not happened), the answer copied from the lines. Under v1 the last three values are still right,
     * so the checker calls it lucky-correct; under v2 the slipped value is part of the answer.
     */
    @Test
    void aRepairedEarlySlipIsRewardedUnderV1AndNotUnderV2() {
        ArithmeticProblem one = V1.trainArithmetic(7, 6);
        ArithmeticProblem two = V2.trainArithmetic(7, 6);
        Map<String, Integer> env = one.values();
        int truth = env.get(one.steps().get(0).target());
        int slipped = (truth + 1) % one.modulus();
        List<String> lines = new ArrayList<>(Arrays.asList(one.referenceSolution().split("\n")));
        String line0 = lines.get(0);
        lines.set(0, line0.substring(0, line0.lastIndexOf('=') + 1) + slipped);
        StringBuilder written = new StringBuilder();
        for (int k = 0; k < one.steps().size(); k++) {
            String l = lines.get(k);
            written.append(l.substring(l.lastIndexOf('=') + 1));
        }
        String lastThree = written.substring(written.length() - 3);

        lines.set(lines.size() - 1, ArithmeticProblem.answerLine(lastThree));
        GoldStepChecker.Check underV1 = GoldStepChecker.check(one, String.join("\n", lines));
        assertEquals(0, underV1.firstWrongStep());
        assertTrue(underV1.luckyCorrect(), "the last three values do not show the early slip");

        lines.set(lines.size() - 1, ArithmeticProblem.answerLine(written.toString()));
        GoldStepChecker.Check underV2 = GoldStepChecker.check(two, String.join("\n", lines));
        assertEquals(0, underV2.firstWrongStep());
        assertFalse(underV2.answerCorrect(), "the answer carries the slipped value");
        assertTrue(underV2.answerFollowsFromSteps());
    }
}
