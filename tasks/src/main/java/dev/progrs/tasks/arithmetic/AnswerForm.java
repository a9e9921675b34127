package dev.progrs.tasks.arithmetic;

import java.util.List;
import java.util.Map;

/**
 * What the question asks for and how the answer is written.
 *
 * <pre>
 *   LAST_VALUE:       question "What is s_n?",            answer  v(s_n)
 *   LAST_TWO_VALUES:  question "What are s_{n−1} and s_n?", answer v(s_{n−1}) · v(s_n)   (the digits written together)
 *   LAST_THREE_VALUES: question "What are s_{n−2}, s_{n−1} and s_n?", answer v(s_{n−2}) · v(s_{n−1}) · v(s_n)
 *   ALL_VALUES:       question "What are s_1 to s_n?",      answer v(s_1) · v(s_2) · … · v(s_n)
 * </pre>
 * With fewer steps than values asked, the question asks for every step. A chain that has gone wrong
 * ends on random-looking values, so it matches an answer of k single-digit values modulo m by chance
 * about once in m^k: 1/49 for two values modulo 7, 1/343 for three. Under {@code ALL_VALUES} every step's
 * value is part of the answer, so no wrong value can be lost on the way to the end of the chain: a wrong
 * step that a later step cancels (two wrong operands with the right product) or that a later line
 * silently repairs still makes the answer wrong. With single-digit values the
 * answer of {@code LAST_TWO_VALUES} is a two-character string such as {@code "05"}, compared as text.
 */
public enum AnswerForm {

    LAST_VALUE,
    LAST_TWO_VALUES,
    LAST_THREE_VALUES,
    ALL_VALUES;

    /** How many trailing step values the answer is made of. */
    public int valueCount() {
        return switch (this) {
            case LAST_VALUE -> 1;
            case LAST_TWO_VALUES -> 2;
            case LAST_THREE_VALUES -> 3;
            case ALL_VALUES -> Integer.MAX_VALUE;
        };
    }

    /** The quantities the question names, in order. */
    public List<String> askedVariables(List<ArithmeticProblem.Step> steps) {
        int k = Math.min(valueCount(), steps.size());
        return steps.subList(steps.size() - k, steps.size()).stream().map(ArithmeticProblem.Step::target).toList();
    }

    /** The question sentence, e.g. {@code What is g?}, {@code What are f and g?} or {@code What are d to g?}. */
    public String question(List<ArithmeticProblem.Step> steps) {
        List<String> asked = askedVariables(steps);
        if (this == ALL_VALUES) {
            return "What are " + asked.get(0) + " to " + asked.get(asked.size() - 1) + "?";
        }
        if (asked.size() == 1) {
            return "What is " + asked.get(0) + "?";
        }
        return "What are " + String.join(", ", asked.subList(0, asked.size() - 1)) + " and " + asked.get(asked.size() - 1) + "?";
    }

    /** The answer text for values {@code env} (each asked value's decimal digits, written together). */
    public String answer(List<ArithmeticProblem.Step> steps, Map<String, Integer> env) {
        StringBuilder sb = new StringBuilder();
        for (String name : askedVariables(steps)) {
            Integer v = env.get(name);
            if (v == null) {
                throw new IllegalStateException("quantity '" + name + "' has no value");
            }
            sb.append(v);
        }
        return sb.toString();
    }
}
