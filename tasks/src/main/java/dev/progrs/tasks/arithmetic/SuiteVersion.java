package dev.progrs.tasks.arithmetic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Named editions of the built-in suite's problem shape. The edition decides the layout of the givens
 * and the form of the answer; the numeric knobs (steps, modulus, operations) stay in
 * {@link ArithmeticSuiteConfig}. An edition never changes once shipped, so documents that name one
 * stay reproducible.
 */
public enum SuiteVersion {

    /**
     * The first suite (modulus 10): a pool of 2–3 values of which only the used ones are declared,
     * plus {@code distractors} unused ones; the answer is the last step's value
     * ({@link AnswerForm#LAST_VALUE}). A wrong chain ends on the right digit about one time in ten,
     * and multiplication modulo 10 is not injective, so the outcome reward is noisy.
     */
    V0,

    /**
     * The testbed edition: the number of declared givens g is uniform in 1..3 (at most steps + 1);
     * when g ≥ 2, with probability 1/3 one of them is a distractor no step uses; every other given is
     * used by some step. Step i ≥ 2 combines step i−1 with an unused given while one remains, else with a
     * given (1/2), a literal (1/4) or an earlier step (1/4); no step leaves a value unchanged (x+0,
     * x·1, …). The answer is the last three step values written together
     * ({@link AnswerForm#LAST_THREE_VALUES}); with a prime modulus every operation by a non-zero operand
     * is injective, so one wrong step changes the answer, and a wrong chain matches by chance about once
     * in 343. Solutions write names, then values ({@link StepLineForm#NAMES_AND_VALUES}).
     */
    V1,

    /**
     * The problems of {@link #V1} (same layouts, same steps, same seeds give the same chains), asking for
     * every step's value ({@link AnswerForm#ALL_VALUES}: "What are d to g?", answer the values in step
     * order written together). Under {@link #V1} a policy that slips at random still ends on the right
     * last three values after an early wrong step, when a later step cancels it (two wrong operands whose
     * product is right, {@code 3·3 = 4·4} modulo 7) or a later line repairs it; here the wrong value is
     * itself part of the answer, so a rewarded sample has every step value right.
     */
    V2;

    /** {@code v0}, {@code v1} or {@code v2}, as on the command line. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code v0} / {@code v1} / {@code v2} (case-insensitive). */
    public static SuiteVersion fromConfig(String value) {
        if (value != null) {
            for (SuiteVersion v : values()) {
                if (v.configName().equalsIgnoreCase(value.trim())) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for configuration 'version': accepted "
                + Arrays.stream(values()).map(SuiteVersion::configName).collect(Collectors.joining(", ")));
    }
}
