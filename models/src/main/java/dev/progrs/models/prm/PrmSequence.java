package dev.progrs.models.prm;

import dev.progrs.models.tokenizer.CharTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One PRM input: the token ids of (problem, steps 1..T) and, for each step t, the position whose
 * hidden state scores the prefix (problem, s_1..s_t).
 *
 * <p>Layout: {@code BOS · prompt · '\n' · s_1 '\n' · s_2 '\n' · … · s_T}, the policy's own format
 * (see {@code PromptFormat}) without EOS. The boundary of a step is the newline that ends it, or its
 * last token when no newline follows (the final answer line). Causal attention makes the hidden
 * state at boundary t a function of tokens 0..b_t only, so one forward pass over the full sequence
 * scores every prefix.
 *
 * @param tokenIds      ids, each in [0, vocab)
 * @param boundaries    b_1 &lt; … &lt; b_T, positions in tokenIds (may be empty: no step)
 * @param responseStart position of the response's first token (the prompt's length), or {@value #UNKNOWN_START}
 *                      when the caller did not say; step 1 spans responseStart..b_1, step t &gt; 1 spans
 *                      b_{t−1}+1..b_t (what the PRM's token-surprise features read)
 */
public record PrmSequence(int[] tokenIds, int[] boundaries, int responseStart) {

    /** {@code responseStart} of a sequence built without it: token-surprise features then read nothing. */
    public static final int UNKNOWN_START = -1;

    /** A sequence whose response start is not known ({@link #UNKNOWN_START}). */
    public PrmSequence(int[] tokenIds, int[] boundaries) {
        this(tokenIds, boundaries, UNKNOWN_START);
    }

    public PrmSequence {
        if (responseStart != UNKNOWN_START && (responseStart < 1 || responseStart > tokenIds.length
                || (boundaries.length > 0 && responseStart > boundaries[0]))) {
            throw new IllegalArgumentException("response start " + responseStart + " must be in [1, " + tokenIds.length
                    + "] and at most the first boundary " + (boundaries.length > 0 ? boundaries[0] : "(none)"));
        }
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("a PRM sequence needs at least one token (BOS)");
        }
        int previous = -1;
        for (int t = 0; t < boundaries.length; t++) {
            int b = boundaries[t];
            if (b <= previous || b >= tokenIds.length) {
                throw new IllegalArgumentException("step boundary " + (t + 1) + " at position " + b + " must be > "
                        + previous + " and < " + tokenIds.length + " (sequence length); boundaries " + Arrays.toString(boundaries));
            }
            previous = b;
        }
    }

    public int steps() {
        return boundaries.length;
    }

    public int length() {
        return tokenIds.length;
    }

    /**
     * First position whose token surprise step t (0-based) reads: one past the previous boundary, and for
     * step 0 one past the response's first token (whose prediction needs the prompt's last hidden state,
     * which a shared-prefix pass does not keep); {@link Integer#MAX_VALUE} (an empty span) when the
     * response start is unknown.
     */
    public int surpriseSpanStart(int t) {
        if (responseStart == UNKNOWN_START) {
            return Integer.MAX_VALUE;
        }
        return t == 0 ? responseStart + 1 : Math.max(responseStart + 1, boundaries[t - 1] + 1);
    }

    /**
     * Marks step t's surprise spans on a batch grid row: {@code stepSpan[at + i − shift] = 1} for i in
     * surpriseSpanStart(t)..b_t, {@code prefixSpan[at + i − shift] = 1} for i in surpriseSpanStart(0)..b_t
     * ({@code shift}: the position of the grid's first column in this sequence).
     */
    void markSurpriseSpans(int t, float[] stepSpan, float[] prefixSpan, int at, int shift) {
        for (int i = surpriseSpanStart(t); i <= boundaries[t]; i++) {
            stepSpan[at + i - shift] = 1f;
        }
        for (int i = surpriseSpanStart(0); i <= boundaries[t]; i++) {
            prefixSpan[at + i - shift] = 1f;
        }
    }

    /** The sequence cut after boundary t (1-based), with boundaries 1..t: the input of prefix t alone. */
    public PrmSequence prefix(int t) {
        if (t < 1 || t > boundaries.length) {
            throw new IllegalArgumentException("prefix " + t + " of a sequence with " + boundaries.length + " steps");
        }
        return new PrmSequence(Arrays.copyOf(tokenIds, boundaries[t - 1] + 1), Arrays.copyOf(boundaries, t), responseStart);
    }

    /**
     * Builds a sequence from the prompt's ids (BOS included, as fed to the policy) and the response's
     * ids, with step boundaries found by {@link #boundariesOf}.
     *
     * @param stepTokenEnds per step, the exclusive end index into {@code responseIds} (the wire's
     *                      {@code Trajectory.stepTokenEnds}); empty: every newline ends a step
     * @param newlineId     the tokenizer's id of {@code '\n'}
     */
    public static PrmSequence of(int[] promptIds, int[] responseIds, int[] stepTokenEnds, int newlineId) {
        int[] response = stripTrailing(responseIds);
        int[] ids = new int[promptIds.length + response.length];
        System.arraycopy(promptIds, 0, ids, 0, promptIds.length);
        System.arraycopy(response, 0, ids, promptIds.length, response.length);
        int[] local = stepTokenEnds.length == 0
                ? boundariesOf(response, newlineId)
                : boundariesFromEnds(response, stepTokenEnds, newlineId);
        int[] global = new int[local.length];
        for (int t = 0; t < local.length; t++) {
            global[t] = local[t] + promptIds.length;
        }
        return new PrmSequence(ids, global, promptIds.length >= 1 ? promptIds.length : UNKNOWN_START);
    }

    /** From text: {@code BOS · prompt '\n' · steps joined by '\n'}, a boundary after each step. */
    public static PrmSequence ofText(CharTokenizer tokenizer, String prompt, List<String> steps) {
        List<Integer> ids = new ArrayList<>();
        ids.add(CharTokenizer.BOS);
        for (int id : tokenizer.encode(prompt + "\n")) {
            ids.add(id);
        }
        int start = ids.size();
        int[] bounds = new int[steps.size()];
        for (int t = 0; t < steps.size(); t++) {
            String s = steps.get(t) + (t < steps.size() - 1 ? "\n" : "");
            for (int id : tokenizer.encode(s)) {
                ids.add(id);
            }
            bounds[t] = ids.size() - 1;
        }
        return new PrmSequence(ids.stream().mapToInt(Integer::intValue).toArray(), bounds, start);
    }

    /**
     * Step boundaries of a response: each newline ends a step (consecutive newlines make no empty
     * step); a non-empty trailing segment without newline ends at its last token.
     */
    public static int[] boundariesOf(int[] response, int newlineId) {
        List<Integer> out = new ArrayList<>();
        boolean content = false;
        for (int i = 0; i < response.length; i++) {
            if (response[i] == newlineId) {
                if (content) {
                    out.add(i);
                }
                content = false;
            } else {
                content = true;
            }
        }
        if (content) {
            out.add(response.length - 1);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Boundaries from exclusive step ends: position {@code e_t − 1}, moved back over EOS/PAD and
     * forward onto a newline that directly follows (so a producer that ends steps before or after
     * their newline reads the same position).
     */
    static int[] boundariesFromEnds(int[] response, int[] ends, int newlineId) {
        int[] out = new int[ends.length];
        for (int t = 0; t < ends.length; t++) {
            int e = ends[t];
            if (e < 1 || e > response.length + 1) {
                throw new IllegalArgumentException("stepTokenEnds[" + t + "] = " + e + " is outside 1.." + response.length
                        + " (response tokens without trailing EOS); ends " + Arrays.toString(ends));
            }
            int pos = Math.min(e, response.length) - 1;
            if (response[pos] != newlineId && pos + 1 < response.length && response[pos + 1] == newlineId) {
                pos++;
            }
            out[t] = pos;
        }
        return out;
    }

    private static int[] stripTrailing(int[] response) {
        int n = response.length;
        while (n > 0 && (response[n - 1] == CharTokenizer.EOS || response[n - 1] == CharTokenizer.PAD)) {
            n--;
        }
        return n == response.length ? response : Arrays.copyOf(response, n);
    }
}
