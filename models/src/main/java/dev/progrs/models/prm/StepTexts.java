package dev.progrs.models.prm;

import dev.progrs.models.tokenizer.CharTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts a {@link PrmSequence} holds: the prompt (between BOS and the first newline) and each
 * step (the tokens after the previous boundary up to its own, trailing newline dropped). What the
 * training-free PRMs read.
 *
 * @param prompt the problem text
 * @param steps  one text per step boundary
 */
public record StepTexts(String prompt, List<String> steps) {

    /**
     * @throws IllegalArgumentException when the sequence has no newline ending the prompt before the first step
     */
    public static StepTexts of(PrmSequence seq, CharTokenizer tokenizer) {
        int[] ids = seq.tokenIds();
        int newline = tokenizer.id('\n');
        int start = ids.length > 0 && ids[0] == CharTokenizer.BOS ? 1 : 0;
        int promptEnd = -1;
        for (int i = start; i < ids.length; i++) {
            if (ids[i] == newline) {
                promptEnd = i;
                break;
            }
        }
        int[] b = seq.boundaries();
        if (promptEnd < 0 || (b.length > 0 && b[0] <= promptEnd)) {
            throw new IllegalArgumentException("PRM sequence has no newline ending the prompt before its first step");
        }
        String prompt = tokenizer.decode(java.util.Arrays.copyOfRange(ids, start, promptEnd));
        List<String> steps = new ArrayList<>(b.length);
        int from = promptEnd + 1;
        for (int boundary : b) {
            int to = ids[boundary] == newline ? boundary : boundary + 1;
            steps.add(tokenizer.decode(java.util.Arrays.copyOfRange(ids, from, Math.max(from, to))));
            from = boundary + 1;
        }
        return new StepTexts(prompt, List.copyOf(steps));
    }
}
