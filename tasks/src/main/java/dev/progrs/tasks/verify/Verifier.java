package dev.progrs.tasks.verify;

/**
 * Verifies model outputs against gold answers: {@link AnswerExtractor extraction} (linear in the
 * output's length), then {@link AnswerEquivalence equivalence}. Thread-safe; never throws. Outputs
 * of the built-in arithmetic suite ({@code ...\nAnswer: 3} against gold {@code 3}) are decided by
 * string and integer comparison and never start the symbolic engine, which is warmed lazily on the
 * first comparison that needs it.
 *
 * <p>Each call has a budget ({@link EquivalenceConfig#budget()}, 200 ms by default) that starts when
 * the call does; when it runs out the verdict is incorrect with a reason starting {@code timeout}.
 */
public final class Verifier implements AutoCloseable {

    private final AnswerEquivalence equivalence;

    public Verifier() {
        this(EquivalenceConfig.defaults());
    }

    public Verifier(EquivalenceConfig config) {
        this.equivalence = new AnswerEquivalence(config);
    }

    /** Extracts the answer from {@code modelOutput} (every rule) and compares it with {@code gold}. */
    public Verdict verify(String modelOutput, String gold) {
        return verify(modelOutput, gold, AnswerExtractor.ALL_RULES);
    }

    /**
     * Like {@link #verify(String, String)} with only the {@code allowed} extraction rules, e.g.
     * {@link AnswerExtractor#ANSWER_LINE_ONLY} for rollouts of the built-in suite.
     */
    public Verdict verify(String modelOutput, String gold, java.util.Set<AnswerExtractor.Rule> allowed) {
        Deadline deadline = Deadline.after(equivalence.budget());
        Extraction e;
        try {
            e = AnswerExtractor.extract(modelOutput, allowed);
        } catch (RuntimeException ex) {
            return new Verdict(false, null, AnswerExtractor.Rule.NONE.id(), "extraction failed: " + ex);
        }
        if (allowed.contains(AnswerExtractor.Rule.CHOICE_LETTER)) {
            e = choiceLetter(modelOutput, gold, e);
        }
        if (!e.found()) {
            return new Verdict(false, null, e.rule().id(), "no answer found in the output");
        }
        AnswerEquivalence.Result r = equivalence.compare(gold, e.answer(), deadline);
        return new Verdict(r.equal(), e.answer(), e.rule().id(), r.reason());
    }

    /**
     * For a gold that is a {@link ChoiceLetters choice letter}, the letter the output chose when the
     * extracted answer is not a letter: searched in a marked answer (boxed, answer line), else in the
     * whole output ("Because B is valid").
     */
    private static Extraction choiceLetter(String modelOutput, String gold, Extraction e) {
        if (modelOutput == null || gold == null || ChoiceLetters.ofGold(gold).isEmpty()
                || e.found() && ChoiceLetters.ofGold(e.answer()).isPresent()) {
            return e;
        }
        boolean marked = e.found() && (e.rule() == AnswerExtractor.Rule.BOXED || e.rule() == AnswerExtractor.Rule.ANSWER_LINE
                || e.rule() == AnswerExtractor.Rule.ANSWER_IS || e.rule() == AnswerExtractor.Rule.HASH_MARKER);
        return ChoiceLetters.chosen(marked ? e.answer() : modelOutput)
                .map(letter -> new Extraction(letter, AnswerExtractor.Rule.CHOICE_LETTER)).orElse(e);
    }

    /** Compares an already extracted answer with {@code gold} (rule {@code given}). */
    public Verdict verifyAnswer(String answer, String gold) {
        AnswerEquivalence.Result r = equivalence.compare(gold, answer);
        return new Verdict(r.equal(), answer, "given", r.reason());
    }

    /** The equivalence used (for warming or inspection). */
    public AnswerEquivalence equivalence() {
        return equivalence;
    }

    @Override
    public void close() {
        equivalence.close();
    }
}
