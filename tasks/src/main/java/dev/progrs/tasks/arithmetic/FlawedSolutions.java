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
 *   <li>{@link Kind#STOPPED_EARLY}: the solution stops before step k: the lines of steps 1..k−1, then
 *       an answer line that reads the values of the last steps written, as the answer form would for
 *       a problem that ended at step k−1 — the warm policy's commonest error on chains longer than its
 *       training range.</li>
 *   <li>{@link Kind#WRONG_OPERATION}: step k applies another of the suite's operations to the right
 *       operands and computes it correctly; later lines carry the wrong result on.</li>
 * </ul>
 * The first four kinds are {@link #ORIGINAL_KINDS}, the set older checkpoints were trained with.
 */
public final class FlawedSolutions {

    /** The kind of flaw. */
    public enum Kind { SLIP, SKIPPED_STEP, RIGHT_ANSWER_WRONG_STEP, WRONG_OPERAND, STOPPED_EARLY, WRONG_OPERATION }

    /** The kinds before {@link Kind#STOPPED_EARLY} and {@link Kind#WRONG_OPERATION} were added, in their order. */
    public static final List<Kind> ORIGINAL_KINDS = List.of(Kind.SLIP, Kind.SKIPPED_STEP, Kind.RIGHT_ANSWER_WRONG_STEP, Kind.WRONG_OPERAND);

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

    /**
     * The solution stops before step {@code step}: the reference lines of steps 1..step−1, then the
     * answer the answer form reads from the steps written (the values of the last of them).
     */
    public static Flawed stoppedEarly(ArithmeticProblem p, int step) {
        checkStep(p, step);
        Map<String, Integer> values = p.values();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < step - 1; i++) {
            lines.add(p.stepLine(p.steps().get(i), values, values.get(p.steps().get(i).target())));
        }
        List<Step> written = p.steps().subList(0, step - 1);
        String answer = written.isEmpty() ? "" : p.answerForm().answer(written, values);
        lines.add(ArithmeticProblem.answerLine(answer));
        return new Flawed(Kind.STOPPED_EARLY, step, String.join("\n", lines), answer, answer.equals(p.answerText()),
                firstDifference(lines, p.referenceSolution().split("\n")));
    }

    /**
     * Step {@code step} applies {@code op} (not the step's own operation) to its right operands; the
     * line shows that operation and its correct result, and later lines carry the result on.
     */
    public static Flawed wrongOperation(ArithmeticProblem p, int step, Operation op) {
        checkStep(p, step);
        Step s = p.steps().get(step - 1);
        if (op == s.op()) {
            throw new IllegalArgumentException("op=" + op + " is step " + step + "'s own operation; accepted: any other of "
                    + java.util.Arrays.toString(Operation.values()));
        }
        List<Step> steps = new ArrayList<>(p.steps());
        steps.set(step - 1, new Step(s.target(), op, s.left(), s.right()));
        ArithmeticProblem changed = new ArithmeticProblem(p.modulus(), p.givens(), steps, p.answerForm(), p.lineForm());
        String solution = changed.referenceSolution();
        String answer = changed.answerText();
        List<String> lines = List.of(solution.split("\n"));
        return new Flawed(Kind.WRONG_OPERATION, step, solution, answer, answer.equals(p.answerText()),
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
            case STOPPED_EARLY -> stoppedEarly(p, Math.max(2, step)); // at least one step line before the answer
            case WRONG_OPERATION -> wrongOperation(p, step, otherOperation(p.steps().get(step - 1).op(), rng));
        };
    }

    private static Operation otherOperation(Operation own, SplittableRandom rng) {
        Operation[] all = Operation.values();
        int pick = rng.nextInt(all.length - 1);
        return all[pick >= own.ordinal() ? pick + 1 : pick];
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
