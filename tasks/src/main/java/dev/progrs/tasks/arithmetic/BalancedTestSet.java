package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A held-out evaluation set drawn from the suite's fixed test split, balanced by the number of steps and by
 * the number of givens the steps use (1–3; distractor givens do not count): the first {@code perCell}
 * problems of every (steps, givens) cell, in test-split order. So an arm that only learns one layout or one
 * chain length cannot look better on average, and every per-range Pass@1 rests on the same number of
 * problems.
 *
 * <pre>
 *   |set| = (maxSteps − minSteps + 1) · 3 · perCell
 * </pre>
 */
public final class BalancedTestSet {

    /** Fewest and most givens the steps of a built-in problem use. */
    public static final int MIN_USED_GIVENS = 1;
    public static final int MAX_USED_GIVENS = 3;

    private BalancedTestSet() {
    }

    /** Problems per cell for about {@code problems} in all: the largest count that fits, at least one. */
    public static int perCell(StepRange steps, int problems) {
        return Math.max(1, problems / (steps.levels() * (MAX_USED_GIVENS - MIN_USED_GIVENS + 1)));
    }

    /** {@link #select(ArithmeticSuite, int, int, int)} over a step range. */
    public static List<Problem> select(ArithmeticSuite suite, StepRange steps, int perCell) {
        return select(suite, steps.min(), steps.max(), perCell);
    }

    /**
     * @throws IllegalArgumentException when the test split has fewer than {@code perCell} problems in some cell
     */
    public static List<Problem> select(ArithmeticSuite suite, int minSteps, int maxSteps, int perCell) {
        if (perCell < 1) {
            throw new IllegalArgumentException("problems per (steps, givens) cell = " + perCell + "; accepted: an integer >= 1");
        }
        if (minSteps > maxSteps) {
            throw new IllegalArgumentException("steps " + minSteps + ".." + maxSteps + ": MIN must not exceed MAX");
        }
        Map<String, List<Problem>> cells = new LinkedHashMap<>();
        for (int s = minSteps; s <= maxSteps; s++) {
            for (int g = MIN_USED_GIVENS; g <= MAX_USED_GIVENS; g++) {
                cells.put(key(s, g), new ArrayList<>());
            }
        }
        for (Problem p : suite.testSet()) {
            List<Problem> cell = cells.get(key(p.difficulty() == null ? -1 : p.difficulty(), usedGivens(suite.parse(p))));
            if (cell != null && cell.size() < perCell) {
                cell.add(p);
            }
        }
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<String, List<Problem>> e : cells.entrySet()) {
            if (e.getValue().size() < perCell) {
                throw new IllegalArgumentException("the test split has " + e.getValue().size() + " problems with " + e.getKey()
                        + ", fewer than the " + perCell + " per cell asked for; ask for fewer evaluation problems");
            }
            out.addAll(e.getValue());
        }
        return out;
    }

    /** Givens that some step reads (declared givens minus distractors). */
    public static int usedGivens(ArithmeticProblem p) {
        int n = 0;
        for (ArithmeticProblem.Given g : p.givens()) {
            n += g.distractor() ? 0 : 1;
        }
        return n;
    }

    private static String key(int steps, int givens) {
        return steps + " steps and " + givens + " used givens";
    }
}
