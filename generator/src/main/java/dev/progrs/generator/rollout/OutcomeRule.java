package dev.progrs.generator.rollout;

import dev.progrs.models.eval.ArithmeticAnswer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.tasks.verify.Verifier;

/**
 * How a sample's outcome R ∈ {0, 1} is decided. Training must reward exactly what held-out evaluation
 * counts as correct: a rule that also accepts a boxed answer, a last number or a numerically equal
 * answer ({@code 5} for the gold {@code 05}) pays the policy for outputs its Pass@1 never credits, and
 * the policy learns them.
 */
public enum OutcomeRule {

    /**
     * The built-in suite's rule, the one held-out evaluation uses ({@link ArithmeticAnswer}): the text
     * after the last {@code Answer:} up to the end of its line, trimmed, equal as text to the trimmed
     * gold answer. R = 1 iff extract(output) = gold; no {@code Answer:} line gives R = 0.
     */
    ANSWER_LINE_EXACT("answer-line-exact") {
        @Override
        public Verdict judge(String output, String gold, Verifier verifier) {
            String answer = output == null ? null : ArithmeticAnswer.extract(output);
            if (answer == null) {
                return new Verdict(false, null, NONE, "no 'Answer:' line in the output");
            }
            boolean correct = ArithmeticAnswer.correct(output, gold);
            return new Verdict(correct, answer, id(), correct ? "equal to the gold answer as text"
                    : "'" + answer + "' is not the gold answer '" + gold.trim() + "' as text");
        }
    },

    /** Every extraction rule and answer equivalence of the {@link Verifier}: for suites evaluated by it. */
    VERIFIER("verifier") {
        @Override
        public Verdict judge(String output, String gold, Verifier verifier) {
            return verifier.verify(output, gold);
        }
    };

    /** {@link Verdict#rule()} when no answer was found. */
    public static final String NONE = "none";

    private final String id;

    OutcomeRule(String id) {
        this.id = id;
    }

    /**
     * @param output   the decoded response
     * @param gold     the gold answer
     * @param verifier the verifier {@link #VERIFIER} delegates to (unused by the exact rule)
     * @return the verdict; its {@link Verdict#rule()} is what the trajectory records as {@code verifierRule}:
     *         this rule's id, the verifier's extraction rule, or {@value #NONE}
     */
    public abstract Verdict judge(String output, String gold, Verifier verifier);

    /** @return the name written into {@code Trajectory.verifierRule} when this rule found an answer */
    public String id() {
        return id;
    }

    /**
     * @param suite the prompt's suite ({@code Prompt.suite})
     * @return {@link #ANSWER_LINE_EXACT} for the built-in {@value ArithmeticSuite#NAME} suite, {@link #VERIFIER} for any other
     */
    public static OutcomeRule forSuite(String suite) {
        return ArithmeticSuite.NAME.equals(suite) ? ANSWER_LINE_EXACT : VERIFIER;
    }
}
