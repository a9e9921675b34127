package dev.progrs.tasks.verify;

/**
 * The outcome of verifying one model output against a gold answer.
 *
 * @param correct   whether the extracted answer is equivalent to the gold answer
 * @param extracted the answer extracted from the output, or {@code null} when none was found
 * @param rule      the extraction rule that fired ({@link AnswerExtractor.Rule#id()})
 * @param reason    how equivalence was decided, or why it failed (human-readable)
 */
public record Verdict(boolean correct, String extracted, String rule, String reason) {
}
