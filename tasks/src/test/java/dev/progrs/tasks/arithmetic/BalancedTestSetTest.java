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

class BalancedTestSetTest {

    private static final ArithmeticSuite SUITE = new ArithmeticSuite(ArithmeticSuiteConfig.v1());

    @Test
    void everyStepsAndGivensCellHoldsTheSameNumberOfTestProblems() {
        List<Problem> set = BalancedTestSet.select(SUITE, 4, 7, 28);
        assertEquals(4 * 3 * 28, set.size());
        Map<String, Integer> cells = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (Problem p : set) {
            assertEquals("test", p.split());
            assertTrue(ids.add(p.id()), "no problem twice: " + p.id());
            cells.merge(p.difficulty() + "/" + BalancedTestSet.usedGivens(SUITE.parse(p)), 1, Integer::sum);
        }
        assertEquals(12, cells.size(), cells.toString());
        cells.values().forEach(n -> assertEquals(28, n, cells.toString()));
    }

    @Test
    void distractorsDoNotCountAsUsedGivens() {
        ArithmeticProblem p = SUITE.parse(SUITE.testSet().stream()
                .filter(q -> SUITE.parse(q).givens().stream().anyMatch(ArithmeticProblem.Given::distractor)).findFirst().orElseThrow());
        assertEquals(p.givensCount() - 1, BalancedTestSet.usedGivens(p));
    }

    @Test
    void aCellTooSmallForTheRequestIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> BalancedTestSet.select(SUITE, 4, 4, 200));
        assertTrue(e.getMessage().contains("4 steps and") && e.getMessage().contains("fewer than the 200"), e.getMessage());
    }
}
