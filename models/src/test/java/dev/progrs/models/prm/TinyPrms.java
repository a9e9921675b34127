package dev.progrs.models.prm;

import ai.djl.Device;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.util.SplittableRandom;

/** Tiny PRMs and random inputs for fast tests. */
final class TinyPrms {

    static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);

    private TinyPrms() {
    }

    /** d 16, 2 layers, 2 heads, context 64, levels 0.1/0.5/0.9. */
    static PrmConfig config() {
        return new PrmConfig(new TransformerConfig(TOKENIZER.vocabSize(), 16, 2, 2, 64, 32, true, 1e-5f), PrmConfig.DEFAULT_LEVELS);
    }

    static PrmModel create(long seed) {
        return PrmModel.create(config(), TOKENIZER, Device.cpu(), seed);
    }

    /** A random sequence of {@code length} tokens (BOS first) with {@code steps} random boundaries. */
    static PrmSequence randomSequence(SplittableRandom rng, int length, int steps) {
        int[] ids = new int[length];
        ids[0] = CharTokenizer.BOS;
        for (int i = 1; i < length; i++) {
            ids[i] = 4 + rng.nextInt(TOKENIZER.vocabSize() - 4);
        }
        java.util.TreeSet<Integer> b = new java.util.TreeSet<>();
        while (b.size() < steps) {
            b.add(1 + rng.nextInt(length - 1));
        }
        return new PrmSequence(ids, b.stream().mapToInt(Integer::intValue).toArray());
    }
}
