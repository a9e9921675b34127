package dev.progrs.tasks.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.tasks.Problem;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SuiteV1Test {

    private static final ArithmeticSuite V1 = new ArithmeticSuite(ArithmeticSuiteConfig.v1());

    @Test
    void namedConfigurationsAreTheTestbedAndTheFirstSuite() {
        assertEquals(ArithmeticSuiteConfig.v2(), ArithmeticSuiteConfig.defaults());
        assertEquals(SuiteVersion.V1, ArithmeticSuiteConfig.named("v1").version());
        assertEquals(SuiteVersion.V0, ArithmeticSuiteConfig.named("v0").version());
        assertEquals(10, ArithmeticSuiteConfig.named("V0").modulus());
        assertEquals(7, ArithmeticSuiteConfig.named("v1").modulus());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArithmeticSuiteConfig.named("v9"));
        assertEquals("Invalid value 'v9' for configuration 'version': accepted v0, v1, v2", e.getMessage());
    }

    @Test
    void layoutsHaveOneToThreeGivensEveryNonDistractorUsed() {
        Map<Integer, Integer> byGivens = new TreeMap<>();
        int withDistractor = 0;
        for (int i = 0; i < 3000; i++) {
            ArithmeticProblem p = V1.trainArithmetic(i, 2 + i % 9);
            byGivens.merge(p.givensCount(), 1, Integer::sum);
            Set<String> used = new HashSet<>();
            for (ArithmeticProblem.Step s : p.steps()) {
                for (ArithmeticProblem.Operand o : List.of(s.left(), s.right())) {
                    if (o instanceof ArithmeticProblem.Ref r) {
                        used.add(r.name());
                    }
                }
            }
            long distractors = p.givens().stream().filter(ArithmeticProblem.Given::distractor).count();
            assertTrue(distractors <= 1, p.prompt());
            withDistractor += distractors;
            for (ArithmeticProblem.Given g : p.givens()) {
                assertEquals(!g.distractor(), used.contains(g.name()), p.prompt());
            }
        }
        assertEquals(Set.of(1, 2, 3), byGivens.keySet());
        for (int n : byGivens.values()) {
            assertTrue(n > 800, "each givens count about a third of 3000: " + byGivens);
        }
        assertTrue(withDistractor > 300 && withDistractor < 900, "about 1/3 of the ~2000 multi-given layouts: " + withDistractor);
    }

    @Test
    void theAnswerIsTheLastThreeValuesAndParsesBack() {
        ArithmeticProblem p = V1.trainArithmetic(3, 5);
        Map<String, Integer> env = p.values();
        String expected = "" + env.get(p.steps().get(2).target()) + env.get(p.steps().get(3).target()) + env.get(p.steps().get(4).target());
        assertEquals(expected, p.answerText());
        assertTrue(p.prompt().endsWith("What are " + p.steps().get(2).target() + ", " + p.steps().get(3).target() + " and "
                + p.steps().get(4).target() + "?"), p.prompt());
        assertTrue(p.referenceSolution().endsWith("Answer: " + expected));
        ArithmeticProblem back = V1.parse(p.prompt());
        assertEquals(p.answerText(), back.answerText());
        assertEquals(p.referenceSolution(), back.referenceSolution());
        assertEquals(AnswerForm.LAST_THREE_VALUES, back.answerForm());
        Problem wrapped = V1.toProblem(p, "train", "x");
        assertEquals(expected, wrapped.goldAnswer());
        assertEquals(Integer.toString(p.givensCount()), wrapped.meta().get("givens"));
    }

    @Test
    void noStepLeavesAValueUnchanged() {
        for (int i = 0; i < 2000; i++) {
            ArithmeticProblem p = V1.trainArithmetic(i, 2 + i % 9);
            Map<String, Integer> env = p.values();
            for (ArithmeticProblem.Step s : p.steps()) {
                int v = env.get(s.target());
                assertTrue(v != ArithmeticProblem.valueOf(s.left(), env) && v != ArithmeticProblem.valueOf(s.right(), env),
                        s.text() + " in " + p.prompt());
            }
        }
    }

    @Test
    void testSplitIsBalancedAndFitsAContextOf256() {
        List<Problem> test = V1.testSet();
        assertEquals(1800, test.size());
        Map<Integer, Integer> bySteps = new TreeMap<>();
        int longest = 0;
        for (Problem p : test) {
            bySteps.merge(p.difficulty(), 1, Integer::sum);
            longest = Math.max(longest, p.text().length() + p.referenceSolution().length() + 3);
        }
        assertEquals(9, bySteps.size());
        bySteps.values().forEach(n -> assertEquals(200, n));
        assertTrue(longest <= 256, "longest prompt + solution + BOS/newline/EOS: " + longest);
    }

    @Test
    void theFirstSuiteIsUnchanged() {
        // The first problem of the v0 test split, as in the old documents.
        ArithmeticSuite v0 = new ArithmeticSuite(ArithmeticSuiteConfig.v0());
        ArithmeticProblem p = v0.parse(v0.testSet().get(0));
        assertEquals(AnswerForm.LAST_VALUE, p.answerForm());
        assertEquals(Integer.toString(p.answer()), v0.testSet().get(0).goldAnswer());
    }
}
