package dev.progrs.tasks.arithmetic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A multi-step arithmetic problem in structured form: given quantities, then steps
 * {@code target = left ∘ right (mod m)}, the answer being the last step's target.
 *
 * <p>Text forms (the policy's format):
 * <pre>
 * prompt:    a=8, b=1, c=8. d=c-b. e=d-8. f=e-c. g=f-c. What is g?
 * solution:  d=8-1=7
 *            e=7-8=9
 *            f=9-8=1
 *            g=1-8=3
 *            Answer: 3
 * </pre>
 *
 * @param modulus every value is in {@code [0, modulus)}
 * @param givens  given quantities in declaration order (including distractors)
 * @param steps   steps in order; each target is a fresh name
 * @param answerForm what the question asks for ({@link AnswerForm})
 * @param lineForm  how a solution writes a step ({@link StepLineForm})
 */
public record ArithmeticProblem(int modulus, List<Given> givens, List<Step> steps, AnswerForm answerForm, StepLineForm lineForm) {

    /** A given quantity {@code name=value}; {@code distractor} when the answer does not depend on it. */
    public record Given(String name, int value, boolean distractor) {
    }

    /** An operand: a named quantity or a literal value. */
    public sealed interface Operand permits Ref, Literal {
        /** The operand as written in the prompt. */
        String text();
    }

    /** A reference to a named quantity. */
    public record Ref(String name) implements Operand {
        @Override
        public String text() {
            return name;
        }
    }

    /** A literal value. */
    public record Literal(int value) implements Operand {
        @Override
        public String text() {
            return Integer.toString(value);
        }
    }

    /** One step {@code target = left op right}. */
    public record Step(String target, Operation op, Operand left, Operand right) {
        /** The step as written in the prompt, e.g. {@code d=c-b}. */
        public String text() {
            return target + "=" + left.text() + op.symbol() + right.text();
        }
    }

    public ArithmeticProblem {
        givens = List.copyOf(givens);
        steps = List.copyOf(steps);
        Objects.requireNonNull(answerForm, "answerForm");
        Objects.requireNonNull(lineForm, "lineForm");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a problem needs at least one step");
        }
    }

    /** A problem of the first suite edition, whose answer is the last step's value. */
    public ArithmeticProblem(int modulus, List<Given> givens, List<Step> steps) {
        this(modulus, givens, steps, AnswerForm.LAST_VALUE, StepLineForm.VALUES);
    }

    /**
     * A problem of the edition its answer form belongs to: the several-value forms are the testbed's and
     * go with {@link StepLineForm#NAMES_AND_VALUES}; {@link AnswerForm#LAST_VALUE} with
     * {@link StepLineForm#VALUES}. (The prompt states the question, so {@link #parse} recovers both.)
     */
    public static ArithmeticProblem of(int modulus, List<Given> givens, List<Step> steps, AnswerForm answerForm) {
        return new ArithmeticProblem(modulus, givens, steps, answerForm,
                answerForm == AnswerForm.LAST_VALUE ? StepLineForm.VALUES : StepLineForm.NAMES_AND_VALUES);
    }

    /** Number of declared givens, distractors included (the layout's size). */
    public int givensCount() {
        return givens.size();
    }

    /** Number of steps, the difficulty. */
    public int difficulty() {
        return steps.size();
    }

    /** The name asked for: the last step's target. */
    public String answerVariable() {
        return steps.get(steps.size() - 1).target();
    }

    /** The value of every quantity, givens and steps, in declaration order. */
    public Map<String, Integer> values() {
        Map<String, Integer> env = new LinkedHashMap<>();
        for (Given g : givens) {
            env.put(g.name(), g.value());
        }
        for (Step s : steps) {
            env.put(s.target(), s.op().apply(valueOf(s.left(), env), valueOf(s.right(), env), modulus));
        }
        return env;
    }

    /** The last step's value (the whole answer under {@link AnswerForm#LAST_VALUE}). */
    public int answer() {
        return values().get(answerVariable());
    }

    /** The gold answer as written after {@code Answer:}, in this problem's {@link AnswerForm}. */
    public String answerText() {
        return answerForm.answer(steps, values());
    }

    /** The prompt line, e.g. {@code a=8, b=1. c=a+b. d=c*3. What is d?}. */
    public String prompt() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < givens.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(givens.get(i).name()).append('=').append(givens.get(i).value());
        }
        sb.append('.');
        for (Step s : steps) {
            sb.append(' ').append(s.text()).append('.');
        }
        sb.append(' ').append(answerForm.question(steps));
        return sb.toString();
    }

    /** The reference solution: one line per step with values written in, then {@code Answer: v}. */
    public String referenceSolution() {
        Map<String, Integer> env = values();
        List<String> lines = new ArrayList<>(steps.size() + 1);
        for (Step s : steps) {
            lines.add(lineForm.line(s, env, env.get(s.target())));
        }
        lines.add(answerLine(answerForm.answer(steps, env)));
        return String.join("\n", lines);
    }

    /** The line of step {@code s} in this problem's {@link StepLineForm}, operand values from {@code env}. */
    public String stepLine(Step s, Map<String, Integer> env, int result) {
        return lineForm.line(s, env, result);
    }

    /** The final line, {@code Answer: v}. */
    public static String answerLine(int value) {
        return "Answer: " + value;
    }

    /** The final line, {@code Answer: text}. */
    public static String answerLine(String text) {
        return "Answer: " + text;
    }

    /** Value of an operand in an environment of named values. */
    public static int valueOf(Operand o, Map<String, Integer> env) {
        if (o instanceof Literal lit) {
            return lit.value();
        }
        String name = ((Ref) o).name();
        Integer v = env.get(name);
        if (v == null) {
            throw new IllegalStateException("quantity '" + name + "' is used before it is defined");
        }
        return v;
    }

    private static final Pattern GIVEN = Pattern.compile("([a-z]+)=(\\d+)");
    private static final Pattern STEP = Pattern.compile("([a-z]+)=([a-z]+|\\d+)([-+*])([a-z]+|\\d+)");
    private static final Pattern QUESTION = Pattern.compile("What is ([a-z]+)\\?");
    private static final Pattern QUESTION_PAIR = Pattern.compile("What are ([a-z]+) and ([a-z]+)\\?");
    private static final Pattern QUESTION_TRIPLE = Pattern.compile("What are ([a-z]+), ([a-z]+) and ([a-z]+)\\?");
    private static final Pattern QUESTION_RANGE = Pattern.compile("What are ([a-z]+) to ([a-z]+)\\?");

    /**
     * Parses a prompt written by {@link #prompt()} back into its structure. Distractor flags are
     * recomputed from the dependencies of the answer.
     *
     * @throws IllegalArgumentException naming the part that does not parse
     */
    public static ArithmeticProblem parse(String prompt, int modulus) {
        Objects.requireNonNull(prompt, "prompt");
        String[] sentences = prompt.trim().split("\\. ");
        if (sentences.length < 3) {
            throw new IllegalArgumentException("not an arithmetic prompt (need givens, steps and a question): '" + prompt + "'");
        }
        List<Given> givens = new ArrayList<>();
        for (String part : sentences[0].split(", ")) {
            Matcher m = GIVEN.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("given '" + part + "' is not name=value in '" + prompt + "'");
            }
            givens.add(new Given(m.group(1), Integer.parseInt(m.group(2)), false));
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < sentences.length - 1; i++) {
            Matcher m = STEP.matcher(sentences[i]);
            if (!m.matches()) {
                throw new IllegalArgumentException("step '" + sentences[i] + "' is not name=x∘y in '" + prompt + "'");
            }
            steps.add(new Step(m.group(1), Operation.ofSymbol(m.group(3).charAt(0)), operand(m.group(2)), operand(m.group(4))));
        }
        String question = sentences[sentences.length - 1];
        Matcher q = QUESTION.matcher(question);
        Matcher pair = QUESTION_PAIR.matcher(question);
        Matcher triple = QUESTION_TRIPLE.matcher(question);
        Matcher range = QUESTION_RANGE.matcher(question);
        AnswerForm form;
        List<String> asked;
        if (range.matches()) {
            form = AnswerForm.ALL_VALUES;
            asked = steps.isEmpty() || !steps.get(0).target().equals(range.group(1))
                    || !steps.get(steps.size() - 1).target().equals(range.group(2))
                    ? List.of(range.group(1), range.group(2)) : form.askedVariables(steps);
        } else if (triple.matches()) {
            form = AnswerForm.LAST_THREE_VALUES;
            asked = List.of(triple.group(1), triple.group(2), triple.group(3));
        } else if (q.matches()) {
            form = AnswerForm.LAST_VALUE;
            asked = List.of(q.group(1));
        } else if (pair.matches()) {
            form = AnswerForm.LAST_TWO_VALUES;
            asked = List.of(pair.group(1), pair.group(2));
        } else {
            throw new IllegalArgumentException("question '" + question
                    + "' is not 'What is x?', 'What are x and y?', 'What are x, y and z?' or 'What are x to z?'");
        }
        if (steps.isEmpty() || !form.askedVariables(steps).equals(asked)) {
            throw new IllegalArgumentException("the question asks for " + asked + ", not " + (steps.isEmpty() ? "any step"
                    : form.askedVariables(steps)) + " (the last step targets)");
        }
        return of(modulus, markDistractors(givens, steps), steps, form);
    }

    /** Givens with {@code distractor} set exactly when the last step does not depend on them. */
    static List<Given> markDistractors(List<Given> givens, List<Step> steps) {
        Map<String, Step> byTarget = new HashMap<>();
        for (Step s : steps) {
            byTarget.put(s.target(), s);
        }
        java.util.Set<String> needed = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
        todo.add(steps.get(steps.size() - 1).target());
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!needed.add(n)) {
                continue;
            }
            Step s = byTarget.get(n);
            if (s != null) {
                for (Operand o : List.of(s.left(), s.right())) {
                    if (o instanceof Ref r) {
                        todo.add(r.name());
                    }
                }
            }
        }
        List<Given> out = new ArrayList<>(givens.size());
        for (Given g : givens) {
            out.add(new Given(g.name(), g.value(), !needed.contains(g.name())));
        }
        return out;
    }

    private static Operand operand(String text) {
        return Character.isDigit(text.charAt(0)) ? new Literal(Integer.parseInt(text)) : new Ref(text);
    }
}
