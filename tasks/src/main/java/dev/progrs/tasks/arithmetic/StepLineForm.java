package dev.progrs.tasks.arithmetic;

import java.util.Map;

/**
 * How a solution writes one step.
 *
 * <pre>
 *   VALUES:            target=l∘r=v            e.g. d=8-1=7        (the first suite)
 *   NAMES_AND_VALUES:  target=x∘y=l∘r=v        e.g. d=c-b=8-1=7    (the testbed)
 * </pre>
 * Writing the operand names first turns each step into two single look-ups — copy the step's
 * definition from the prompt, then copy each named value from where it was written — instead of a
 * two-hop look-up from the target to the values, and it lets the gold checker tell a wrong name from
 * a wrong value.
 */
public enum StepLineForm {

    VALUES,
    NAMES_AND_VALUES;

    /** The line of step {@code s} with operand values from {@code env} and result {@code result}. */
    public String line(ArithmeticProblem.Step s, Map<String, Integer> env, int result) {
        String values = ArithmeticProblem.valueOf(s.left(), env) + String.valueOf(s.op().symbol()) + ArithmeticProblem.valueOf(s.right(), env) + "=" + result;
        return this == VALUES ? s.target() + "=" + values : s.text() + "=" + values;
    }
}
