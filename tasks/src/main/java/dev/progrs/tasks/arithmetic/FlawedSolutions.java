package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.arithmetic.ArithmeticProblem.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Solutions with a known flaw, in the reference format, for the policy's warm-start data and the
 * process-reward model's tests. Steps are numbered from 1.
 *
 * <ul>
 *   <li>{@link Kind#SLIP}: step k's result is off by {@code delta} (mod m); later lines compute
 *       correctly from the wrong value, so the error propagates to the answer (unless arithmetic
 *       absorbs it, e.g. a later {@code *2} modulo 10 of a slip by 5: see {@link Flawed#answerCorrect()}).</li>
 *   <li>{@link Kind#SKIPPED_STEP}: step k's line is missing and its operation is never applied: its
 *       target takes the value of its first operand; later lines use that value.</li>
 *   <li>{@link Kind#RIGHT_ANSWER_WRONG_STEP}: step k's line shows a wrong result but later lines use
 *       the correct value, so the final answer is right although a step is wrong.</li>
 *   <li>{@link Kind#WRONG_OPERAND}: step k copies a wrong value for one operand (off by {@code delta}),
 *       computes correctly from it, and later lines carry the wrong result on — the policy's most
 *       frequent error.</li>
 * </ul>
 */
public final class FlawedSolutions {

    /** The kind of flaw. */
    public enum Kind { SLIP, SKIPPED_STEP, RIGHT_ANSWER_WRONG_STEP, WRONG_OPERAND }

    /**
     * A flawed solution.
     *
     * @param kind           the flaw
     * @param step           the flawed step (1-based)
     * @param solution       the solution text (step lines, then {@code Answer: v})
     * @param answer         the final answer it states
     * @param answerCorrect  whether that answer equals the problem's answer
     * @param firstWrongLine index (0-based) of the first line of {@code solution} that differs from
     *                       the reference solution's line at the same index
     */
    public record Flawed(Kind kind, int step, String solution, String answer, boolean answerCorrect, int firstWrongLine) {
    }

    private FlawedSolutions() {
    }

    /** A slip by {@code delta} (not a multiple of the modulus) at step {@code step}, propagated. */
    public static Flawed slip(ArithmeticProblem p, int step, int delta) {
        checkStep(p, step);
        int m = p.modulus();
        if (Math.floorMod(delta, m) == 0) {
            throw new IllegalArgumentException("delta=" + delta + " is a multiple of the modulus " + m + "; accepted: any other integer");
        }
        return render(p, Kind.SLIP, step, (i, correct) -> i == step - 1 ? Math.floorMod(correct + delta, m) : correct, true, false);
    }

    /** Step {@code step} skipped: no line, its target equals its first operand's value. */
    public static Flawed skippedStep(ArithmeticProblem p, int step) {
        checkStep(p, step);
        return render(p, Kind.SKIPPED_STEP, step, null, true, true);
    }

    /** Step {@code step} shows a result off by {@code delta}; later lines use the correct value. */
    public static Flawed rightAnswerWrongStep(ArithmeticProblem p, int step, int delta) {
        checkStep(p, step);
        int m = p.modulus();
        if (Math.floorMod(delta, m) == 0) {
            throw new IllegalArgumentException("delta=" + delta + " is a multiple of the modulus " + m + "; accepted: any other integer");
        }
        return render(p, Kind.RIGHT_ANSWER_WRONG_STEP, step, (i, correct) -> i == step - 1 ? Math.floorMod(correct + delta, m) : correct, false, false);
    }

    /** Step {@code step} copies its first operand's value off by {@code delta}; the error propagates. */
    public static Flawed wrongOperand(ArithmeticProblem p, int step, int delta) {
        checkStep(p, step);
        int m = p.modulus();
        if (Math.floorMod(delta, m) == 0) {
            throw new IllegalArgumentException("delta=" + delta + " is a multiple of the modulus " + m + "; accepted: any other integer");
        }
        Map<String, Integer> env = new LinkedHashMap<>();
        for (ArithmeticProblem.Given g : p.givens()) {
            env.put(g.name(), g.value());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < p.steps().size(); i++) {
            Step s = p.steps().get(i);
            int left = ArithmeticProblem.valueOf(s.left(), env);
            int right = ArithmeticProblem.valueOf(s.right(), env);
            if (i == step - 1) {
                left = Math.floorMod(left + delta, m);
            }
            int result = s.op().apply(left, right, m);
            String values = left + String.valueOf(s.op().symbol()) + right + "=" + result;
            String line = (p.lineForm() == StepLineForm.NAMES_AND_VALUES ? s.text() : s.target()) + "=" + values;
            lines.add(line);
            env.put(s.target(), result);
        }
        String answer = p.answerForm().answer(p.steps(), env);
        lines.add(ArithmeticProblem.answerLine(answer));
        return new Flawed(Kind.WRONG_OPERAND, step, String.join("\n", lines), answer, answer.equals(p.answerText()),
                firstDifference(lines, p.referenceSolution().split("\n")));
    }

    /** A flaw of the given kind at a random step with a random non-zero delta. */
    public static Flawed random(ArithmeticProblem p, Kind kind, SplittableRandom rng) {
        int step = 1 + rng.nextInt(p.steps().size());
        int delta = 1 + rng.nextInt(p.modulus() - 1);
        return switch (kind) {
            case SLIP -> slip(p, step, delta);
            case SKIPPED_STEP -> skippedStep(p, step);
            case RIGHT_ANSWER_WRONG_STEP -> rightAnswerWrongStep(p, step, delta);
            case WRONG_OPERAND -> wrongOperand(p, step, delta);
        };
    }

    private interface Shown {
        int value(int stepIndex, int correct);
    }

    /**
     * @param shown     value written as step i's result given the result computed from the (possibly wrong) inputs
     * @param propagate whether later steps use the shown value (true) or the correct one
     * @param skip      whether step {@code step} is skipped
     */
    private static Flawed render(ArithmeticProblem p, Kind kind, int step, Shown shown, boolean propagate, boolean skip) {
        int m = p.modulus();
        Map<String, Integer> env = new LinkedHashMap<>();
        Map<String, Integer> truth = p.values();
        for (ArithmeticProblem.Given g : p.givens()) {
            env.put(g.name(), g.value());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < p.steps().size(); i++) {
            Step s = p.steps().get(i);
            int computed = s.op().apply(ArithmeticProblem.valueOf(s.left(), env), ArithmeticProblem.valueOf(s.right(), env), m);
            if (skip && i == step - 1) {
                env.put(s.target(), ArithmeticProblem.valueOf(s.left(), env));
                continue;
            }
            int written = shown == null ? computed : shown.value(i, computed);
            lines.add(p.stepLine(s, env, written));
            env.put(s.target(), propagate ? written : computed);
        }
        String answer = p.answerForm().answer(p.steps(), propagate ? env : truth);
        lines.add(ArithmeticProblem.answerLine(answer));
        return new Flawed(kind, step, String.join("\n", lines), answer, answer.equals(p.answerText()),
                firstDifference(lines, p.referenceSolution().split("\n")));
    }

    private static int firstDifference(List<String> lines, String[] reference) {
        for (int i = 0; i < lines.size(); i++) {
            if (i >= reference.length || !lines.get(i).equals(reference[i])) {
                return i;
            }
        }
        return lines.size() != reference.length ? lines.size() : -1;
    }

    private static void checkStep(ArithmeticProblem p, int step) {
        if (step < 1 || step > p.steps().size()) {
            throw new IllegalArgumentException("step=" + step + " is invalid; accepted: 1.." + p.steps().size());
        }
    }
}
