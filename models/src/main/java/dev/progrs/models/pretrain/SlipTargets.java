package dev.progrs.models.pretrain;

import dev.progrs.models.tokenizer.CharTokenizer;

/**
 * Where a solution's step results sit, and which tokens are the suite's residues: the two masks of the
 * slip-smoothed warm-start loss ({@link SupervisedLoss#of(dev.progrs.models.policy.PolicyModel,
 * dev.progrs.models.policy.SequenceBatch, ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, ai.djl.ndarray.NDArray, double)}).
 *
 * <p>A step line is {@code x=l∘r=v∘w=R}; its result R is the text after the line's last {@code '='}.
 * The {@code Answer:} line is not a step (its value follows from the written results). With a modulus
 * m ≤ 10 every result is one digit among {@code 0 .. m−1}.
 */
public final class SlipTargets {

    /** Largest modulus whose residues are single digits, the only case the slip targets cover. */
    public static final int MAX_MODULUS = 10;

    private SlipTargets() {
    }

    /**
     * 1 on the completion tokens that are a step line's result, 0 elsewhere; one value per token of
     * {@code PromptFormat.completionIds(tokenizer, solution)} (the solution's characters, then EOS).
     */
    public static float[] resultMask(String solution) {
        float[] out = new float[solution.length() + 1];
        int lineStart = 0;
        while (lineStart < solution.length()) {
            int lineEnd = solution.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = solution.length();
            }
            String line = solution.substring(lineStart, lineEnd);
            int lastEquals = line.lastIndexOf('=');
            if (!line.startsWith("Answer") && lastEquals >= 0) {
                for (int j = lineStart + lastEquals + 1; j < lineEnd; j++) {
                    out[j] = 1f;
                }
            }
            lineStart = lineEnd + 1;
        }
        return out;
    }

    /** 1 on the tokens of the digits {@code 0 .. modulus−1}, 0 elsewhere; length the vocabulary size. */
    public static float[] residueTokens(CharTokenizer tokenizer, int modulus) {
        if (modulus < 2 || modulus > MAX_MODULUS) {
            throw new IllegalArgumentException("slip targets need single-digit residues: modulus " + modulus
                    + " is outside 2.." + MAX_MODULUS);
        }
        float[] out = new float[tokenizer.vocabSize()];
        for (int d = 0; d < modulus; d++) {
            out[tokenizer.encode(Integer.toString(d))[0]] = 1f;
        }
        return out;
    }
}
