package dev.progrs.tasks.arithmetic;

import java.util.List;
import java.util.Map;

/**
 * What the question asks for and how the answer is written.
 *
 * <pre>
 *   LAST_VALUE:       question "What is s_n?",            answer  v(s_n)
 *   LAST_TWO_VALUES:  question "What are s_{n−1} and s_n?", answer v(s_{n−1}) · v(s_n)   (the digits written together)
 * </pre>
 * With one step, {@code LAST_TWO_VALUES} falls back to the last value. With single-digit values the
 * answer of {@code LAST_TWO_VALUES} is a two-character string such as {@code "05"}, compared as text.
 */
public enum AnswerForm {

    LAST_VALUE,
    LAST_TWO_VALUES;

    /** The quantities the question names, in order. */
    public List<String> askedVariables(List<ArithmeticProblem.Step> steps) {
        String last = steps.get(steps.size() - 1).target();
        if (this == LAST_VALUE || steps.size() < 2) {
            return List.of(last);
        }
        return List.of(steps.get(steps.size() - 2).target(), last);
    }

    /** The question sentence, e.g. {@code What is g?} or {@code What are f and g?}. */
    public String question(List<ArithmeticProblem.Step> steps) {
        List<String> asked = askedVariables(steps);
        return asked.size() == 1 ? "What is " + asked.get(0) + "?" : "What are " + asked.get(0) + " and " + asked.get(1) + "?";
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
