package dev.progrs.generator.rollout;

import dev.progrs.models.tokenizer.CharTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a sampled response into reasoning steps, one per line, and records where each step ends
 * in the response's token ids ({@code Trajectory.steps} and {@code Trajectory.stepTokenEnds}).
 *
 * <p>Rules, chosen to agree with the PRM's reading of step boundaries ({@code PrmSequence}):
 * <ul>
 *   <li>only tokens before the first EOS count;</li>
 *   <li>every newline token ends the line it closes; the step's end (exclusive) is the index after
 *       that newline, so the newline belongs to the step it ends;</li>
 *   <li>a line whose decoded text is blank (empty, only spaces, or only special tokens) is not a
 *       step;</li>
 *   <li>a non-blank trailing line without newline (the usual final {@code Answer: v} line) is a
 *       step ending after its last token before EOS.</li>
 * </ul>
 * Step texts are the decoded line without its newline. Pure; thread-safe.
 */
public final class StepSplitter {

    /**
     * The steps of one response.
     *
     * @param steps     decoded text of each step, without the newline
     * @param tokenEnds for each step, the exclusive end index into the response token ids
     */
    public record Split(List<String> steps, int[] tokenEnds) {
        public Split {
            steps = List.copyOf(steps);
            if (steps.size() != tokenEnds.length) {
                throw new IllegalArgumentException(steps.size() + " steps but " + tokenEnds.length + " step ends");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Split s && steps.equals(s.steps) && Arrays.equals(tokenEnds, s.tokenEnds);
        }

        @Override
        public int hashCode() {
            return steps.hashCode() * 31 + Arrays.hashCode(tokenEnds);
        }

        @Override
        public String toString() {
            return "Split" + steps + " ends " + Arrays.toString(tokenEnds);
        }
    }

    private final CharTokenizer tokenizer;
    private final int newline;

    public StepSplitter(CharTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.newline = tokenizer.id('\n');
    }

    /** Splits {@code responseIds} (as sampled, EOS included when produced). */
    public Split split(int[] responseIds) {
        int end = responseIds.length;
        for (int i = 0; i < responseIds.length; i++) {
            if (responseIds[i] == CharTokenizer.EOS) {
                end = i;
                break;
            }
        }
        List<String> steps = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        int lineStart = 0;
        for (int i = 0; i <= end; i++) {
            boolean lineEnds = i == end || responseIds[i] == newline;
            if (!lineEnds) {
                continue;
            }
            String text = tokenizer.decode(responseIds, lineStart, i);
            if (!text.isBlank()) {
                steps.add(text);
                ends.add(i == end ? end : i + 1);
            }
            lineStart = i + 1;
        }
        return new Split(steps, ends.stream().mapToInt(Integer::intValue).toArray());
    }
}
