package dev.progrs.models.policy;

import ai.djl.Device;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;

/** Tiny policies for fast tests. */
public final class TinyPolicies {

    public static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);

    private TinyPolicies() {
    }

    /** d 32, 2 layers, 4 heads, context 96. */
    public static TransformerConfig config() {
        return new TransformerConfig(TOKENIZER.vocabSize(), 32, 2, 4, 96, 64, true, 1e-5f);
    }

    public static PolicyModel create(long seed) {
        return PolicyModel.create(config(), TOKENIZER, Device.cpu(), seed);
    }
}
