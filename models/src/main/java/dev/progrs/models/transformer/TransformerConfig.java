package dev.progrs.models.transformer;

/**
 * Hyper-parameters of a pre-norm transformer stack with token and learned position embeddings.
 *
 * @param vocabSize   number of token ids (embedding rows)
 * @param dModel      width of the residual stream
 * @param layers      number of transformer layers
 * @param heads       attention heads; {@code dModel} must be a multiple of it
 * @param context     maximum sequence length (position-table rows)
 * @param ffnHidden   hidden width of the feed-forward sub-layer (usually {@code 4 * dModel})
 * @param causal      whether position i may attend only to positions {@code <= i}
 * @param layerNormEps epsilon of every layer norm
 * @param positions   how positions are encoded ({@link PositionScheme}); absent in old manifests: learned
 */
public record TransformerConfig(int vocabSize, int dModel, int layers, int heads, int context, int ffnHidden,
                                boolean causal, float layerNormEps, PositionScheme positions) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public TransformerConfig {
        positions = positions == null ? PositionScheme.LEARNED : positions;
        positive("vocabSize", vocabSize);
        positive("dModel", dModel);
        positive("layers", layers);
        positive("heads", heads);
        positive("context", context);
        positive("ffnHidden", ffnHidden);
        if (dModel % heads != 0) {
            throw bad("heads", heads, "a divisor of dModel (" + dModel + ")");
        }
        if (!(layerNormEps > 0 && layerNormEps < 1e-2)) {
            throw bad("layerNormEps", layerNormEps, "0 < eps < 0.01");
        }
    }

    /** The first policy's shape: learned absolute positions (policy-v0). */
    public TransformerConfig(int vocabSize, int dModel, int layers, int heads, int context, int ffnHidden,
                             boolean causal, float layerNormEps) {
        this(vocabSize, dModel, layers, heads, context, ffnHidden, causal, layerNormEps, PositionScheme.LEARNED);
    }

    /** d 64, 2 layers, 4 heads, context 192, FFN 256, causal, learned positions: the first policy's size (~116k parameters). */
    public static TransformerConfig policyDefault(int vocabSize) {
        return new TransformerConfig(vocabSize, 64, 2, 4, 192, 256, true, 1e-5f);
    }

    /**
     * The testbed policy (policy-v1): d 64, 2 layers, 4 heads, ALiBi instead of a position table (so what
     * it learns cannot depend on where the text sits), context 256 (room for 10-step chains).
     */
    public static TransformerConfig policyV1(int vocabSize) {
        return new TransformerConfig(vocabSize, 64, 2, 4, 256, 256, true, 1e-5f, PositionScheme.ALIBI);
    }

    /** A copy with another number of layers. */
    public TransformerConfig withLayers(int l) {
        return new TransformerConfig(vocabSize, dModel, l, heads, context, ffnHidden, causal, layerNormEps, positions);
    }

    /** A copy with another position scheme. */
    public TransformerConfig withPositions(PositionScheme p) {
        return new TransformerConfig(vocabSize, dModel, layers, heads, context, ffnHidden, causal, layerNormEps, p);
    }

    /** A copy with another context length. */
    public TransformerConfig withContext(int c) {
        return new TransformerConfig(vocabSize, dModel, layers, heads, c, ffnHidden, causal, layerNormEps, positions);
    }

    /** A copy with another vocabulary size. */
    public TransformerConfig withVocabSize(int v) {
        return new TransformerConfig(v, dModel, layers, heads, context, ffnHidden, causal, layerNormEps, positions);
    }

    /** A copy with another causal flag. */
    public TransformerConfig withCausal(boolean c) {
        return new TransformerConfig(vocabSize, dModel, layers, heads, context, ffnHidden, c, layerNormEps, positions);
    }

    public int headDim() {
        return dModel / heads;
    }

    /**
     * Parameters of embeddings + stack (tied output head adds none):
     * {@code V·d + C·d + L·(4d + 3d² + 3d + d² + d + 2·d·F + F + d) + 2d} (no {@code C·d} with ALiBi).
     */
    public long parameterCount() {
        long d = dModel;
        long perLayer = 4 * d + 3 * d * d + 3 * d + d * d + d + 2 * d * ffnHidden + ffnHidden + d;
        long positionTable = positions == PositionScheme.LEARNED ? (long) context * d : 0;
        return (long) vocabSize * d + positionTable + layers * perLayer + 2 * d;
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw bad(key, value, "an integer > 0");
        }
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
