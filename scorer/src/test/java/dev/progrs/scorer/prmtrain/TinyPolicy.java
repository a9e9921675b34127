package dev.progrs.scorer.prmtrain;

import ai.djl.Device;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import java.nio.file.Path;
import java.util.Map;

/** A tiny random policy checkpoint for fast tests. */
final class TinyPolicy {

    static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);

    private TinyPolicy() {
    }

    static TransformerConfig config() {
        return new TransformerConfig(TOKENIZER.vocabSize(), 16, 1, 2, 160, 32, true, 1e-5f);
    }

    static PolicyModel create(long seed) {
        return PolicyModel.create(config(), TOKENIZER, Device.cpu(), seed);
    }

    static Path save(Path dir, long seed) throws Exception {
        try (PolicyModel p = create(seed)) {
            PolicyCheckpoint.save(p, dir, Map.of("note", "tiny random test policy"));
        }
        return dir;
    }
}
