package dev.progrs.tasks.verify;

/**
 * An answer extracted from free model output.
 *
 * @param answer the extracted answer text, or {@code null} when no rule found one
 * @param rule   the rule that fired
 */
public record Extraction(String answer, AnswerExtractor.Rule rule) {

    public boolean found() {
        return answer != null;
    }
}
