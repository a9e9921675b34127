package dev.progrs.models.policy;

import dev.progrs.models.tokenizer.CharTokenizer;

/**
 * How a problem and a solution become one token sequence:
 * <pre>  BOS · prompt · '\n' · solution · EOS  </pre>
 * The policy is conditioned on {@link #promptIds} and generates the completion
 * ({@link #completionIds}: the solution followed by EOS).
 */
public final class PromptFormat {

    private PromptFormat() {
    }

    /** {@code BOS · prompt · '\n'}. */
    public static int[] promptIds(CharTokenizer tokenizer, String prompt) {
        int[] body = tokenizer.encode(prompt + "\n");
        int[] out = new int[body.length + 1];
        out[0] = CharTokenizer.BOS;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** {@code solution · EOS}. */
    public static int[] completionIds(CharTokenizer tokenizer, String solution) {
        int[] body = tokenizer.encode(solution);
        int[] out = new int[body.length + 1];
        System.arraycopy(body, 0, out, 0, body.length);
        out[body.length] = CharTokenizer.EOS;
        return out;
    }
}
