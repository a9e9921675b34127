package dev.progrs.tasks.arithmetic;

import dev.progrs.tasks.arithmetic.ArithmeticProblem.Literal;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Operand;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Ref;
import dev.progrs.tasks.arithmetic.ArithmeticProblem.Step;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gold verdict of every step of a generated solution of a built-in problem. Pure and
 * deterministic; it knows the problem's structure, so it is an evaluation instrument (PRM quality,
 * reward noise, hacking indicators) and the basis of the explicitly named oracle PRMs, never the
 * reward of a PROGRS arm.
 *
 * <p>Line {@code i} of the solution (before the {@code Answer:} line) is compared with gold step
 * {@code i}: {@code target=l∘r=v}. With {@code env*} the true values:
 * <pre>
 *   targetRight    ⇔ target = s_i.target
 *   operationRight ⇔ ∘ = s_i.op
 *   operandsRight  ⇔ (l, r) = (env*(s_i.left), env*(s_i.right)), in either order for + and ×
 *                    (and, in the names-and-values form
 *                    {@code target=x∘y=l∘r=v}, x and y are s_i's operand names)
 *   valueRight     ⇔ v = env*(s_i.target)
 *   arithmeticRight ⇔ v = (l ∘ r) mod m                         (the line is self-consistent)
 *   consistent     ⇔ arithmeticRight ∧ l, r are the values the solution itself wrote for the operands
 *   correct        ⇔ targetRight ∧ operationRight ∧ operandsRight ∧ valueRight
 * </pre>
 * The first wrong step is the smallest {@code i} whose line is not correct, counting a missing line
 * and an extra line as wrong. The stated answer <em>follows from the steps</em> when it equals the
 * answer form applied to the values the solution wrote for the asked quantities.
 */
public final class GoldStepChecker {

    /** {@code target=l∘r=v}, optionally with the names first: {@code target=x∘y=l∘r=v}. */
    private static final Pattern LINE = Pattern.compile("([a-z]+)=(?:([a-z]+|\\d{1,9})([-+*])([a-z]+|\\d{1,9})=)?(\\d{1,9})([-+*])(\\d{1,9})=(\\d{1,9})");
    private static final String ANSWER = "Answer:";

    /**
     * The verdict of one line.
     *
     * @param index  0-based step index
     * @param line   the line as written ({@code null} for {@link StepError#MISSING})
     * @param error  {@link StepError#NONE} when correct, else the first reason
     */
    public record StepVerdict(int index, String line, boolean targetRight, boolean operationRight, boolean operandsRight,
                              boolean valueRight, boolean arithmeticRight, boolean consistent, StepError error) {
        public boolean correct() {
            return error == StepError.NONE;
        }
    }

    /**
     * The verdict of a whole solution.
     *
     * @param steps                  one verdict per gold step, then one per extra line
     * @param firstWrongStep         index of the first wrong step, −1 when every step is correct
     * @param statedAnswer           text after the last {@code Answer:}, trimmed; {@code null} when none
     * @param answerCorrect          the stated answer equals the gold answer (what the outcome reward checks)
     * @param answerFollowsFromSteps the stated answer is the one the written steps imply
     */
    public record Check(List<StepVerdict> steps, int firstWrongStep, String statedAnswer, boolean answerCorrect,
                        boolean answerFollowsFromSteps) {

        /** Every step correct and the answer correct. */
        public boolean fullyCorrect() {
            return firstWrongStep < 0 && answerCorrect;
        }

        /** The answer is right although some step is wrong: a rewarded wrong chain (outcome-reward noise). */
        public boolean luckyCorrect() {
            return answerCorrect && firstWrongStep >= 0;
        }

        /** The error kind of the first wrong step, {@link StepError#NONE} when there is none. */
        public StepError firstError() {
            return firstWrongStep < 0 ? StepError.NONE : steps.get(firstWrongStep).error();
        }

        /** Whether some line skips a step ({@link StepError#SKIPPED_STEP}). */
        public boolean skipsAStep() {
            return steps.stream().anyMatch(v -> v.error() == StepError.SKIPPED_STEP);
        }

        /** Number of gold steps whose prefix (this step and all before it) is correct. */
        public int correctPrefixSteps() {
            return firstWrongStep < 0 ? steps.size() : firstWrongStep;
        }
    }

    private GoldStepChecker() {
    }

    /** Checks {@code solution} (step lines, then {@code Answer: …}) against {@code problem}. */
    public static Check check(ArithmeticProblem problem, String solution) {
        List<String> lines = new ArrayList<>();
        String stated = null;
        for (String raw : solution.split("\n", -1)) {
            String line = raw.trim();
            if (line.startsWith(ANSWER)) {
                String a = line.substring(ANSWER.length()).trim();
                stated = a.isEmpty() ? null : a;
                break;
            }
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        Map<String, Integer> truth = problem.values();
        Map<String, Integer> written = new HashMap<>();
        for (ArithmeticProblem.Given g : problem.givens()) {
            written.put(g.name(), g.value());
        }
        List<Step> gold = problem.steps();
        Map<String, Integer> stepIndex = new HashMap<>();
        for (int i = 0; i < gold.size(); i++) {
            stepIndex.put(gold.get(i).target(), i);
        }
        int m = problem.modulus();
        List<StepVerdict> verdicts = new ArrayList<>(Math.max(gold.size(), lines.size()));
        int first = -1;
        for (int i = 0; i < Math.max(gold.size(), lines.size()); i++) {
            StepVerdict v;
            if (i >= lines.size()) {
                v = new StepVerdict(i, null, false, false, false, false, false, false, StepError.MISSING);
            } else if (i >= gold.size()) {
                v = new StepVerdict(i, lines.get(i), false, false, false, false, false, false, StepError.EXTRA);
            } else {
                v = judge(i, lines.get(i), gold.get(i), truth, written, stepIndex, m);
            }
            verdicts.add(v);
            if (first < 0 && !v.correct()) {
                first = i;
            }
        }
        boolean follows = false;
        if (stated != null) {
            try {
                follows = stated.equals(problem.answerForm().answer(gold, written));
            } catch (IllegalStateException missingValue) {
                follows = false;
            }
        }
        boolean correct = stated != null && stated.equals(problem.answerText());
        return new Check(List.copyOf(verdicts), first, stated, correct, follows);
    }

    private static StepVerdict judge(int i, String line, Step s, Map<String, Integer> truth, Map<String, Integer> written,
                                     Map<String, Integer> stepIndex, int m) {
        Matcher mt = LINE.matcher(line);
        if (!mt.matches()) {
            return new StepVerdict(i, line, false, false, false, false, false, false, StepError.MALFORMED);
        }
        String target = mt.group(1);
        int l = Integer.parseInt(mt.group(5));
        Operation op = Operation.ofSymbol(mt.group(6).charAt(0));
        int r = Integer.parseInt(mt.group(7));
        int v = Integer.parseInt(mt.group(8));
        boolean named = mt.group(2) != null;
        boolean commutative = s.op() != Operation.SUBTRACT;
        boolean namesRight = !named || (mt.group(3).charAt(0) == mt.group(6).charAt(0)
                && pairMatches(mt.group(2), mt.group(4), s.left().text(), s.right().text(), commutative));
        boolean targetRight = target.equals(s.target());
        boolean operationRight = op == s.op() && (!named || Operation.ofSymbol(mt.group(3).charAt(0)) == s.op());
        boolean operandsRight = namesRight && pairMatches(l, r, valueOf(s.left(), truth), valueOf(s.right(), truth), commutative);
        boolean valueRight = v == truth.get(s.target());
        boolean arithmeticRight = v == op.apply(l, r, m);
        Integer ownLeft = valueOf(s.left(), written);
        Integer ownRight = valueOf(s.right(), written);
        boolean consistent = arithmeticRight && ownLeft != null && ownRight != null && pairMatches(l, r, ownLeft, ownRight, commutative);
        written.put(target, v);
        StepError error;
        if (!targetRight) {
            Integer at = stepIndex.get(target);
            error = at != null && at > i ? StepError.SKIPPED_STEP : StepError.WRONG_TARGET;
        } else if (!operationRight) {
            error = StepError.WRONG_OPERATION;
        } else if (!operandsRight) {
            error = StepError.WRONG_OPERAND;
        } else if (!valueRight) {
            error = StepError.SLIP;
        } else {
            error = StepError.NONE;
        }
        return new StepVerdict(i, line, targetRight, operationRight, operandsRight, valueRight, arithmeticRight, consistent, error);
    }

    /** (a, b) is (x, y), or (y, x) when the operation commutes ({@code + *}: writing 3*1 for 1*3 is no error). */
    private static boolean pairMatches(Object a, Object b, Object x, Object y, boolean commutative) {
        return (a.equals(x) && b.equals(y)) || (commutative && a.equals(y) && b.equals(x));
    }

    private static Integer valueOf(Operand o, Map<String, Integer> env) {
        if (o instanceof Literal lit) {
            return lit.value();
        }
        return env.get(((Ref) o).name());
    }
}
