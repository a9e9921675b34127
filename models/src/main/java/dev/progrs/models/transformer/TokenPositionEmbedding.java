package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Token embedding plus learned absolute position embedding, with the tied output projection.
 *
 * <pre>
 *   e(b, t) = E[id(b, t)] + P[pos(b, t)]          E: V×d, P: C×d
 *   logits(h) = h · Eᵀ                            (tied head)
 * </pre>
 * The lookup is computed as {@code oneHot(id, V) · E}: cheap for a small vocabulary, with a correct
 * gradient and the activation as first operand (docs/djl-notes.md, pitfall 1). Ids and positions must be int64.
 */
public final class TokenPositionEmbedding extends FixedShapeBlock {

    private final int vocabSize;
    private final int context;
    private final int dModel;
    private final Parameter tokenTable;
    private final Parameter positionTable;

    public TokenPositionEmbedding(int vocabSize, int context, int dModel) {
        this(vocabSize, context, dModel, PositionScheme.LEARNED);
    }

    /** With {@link PositionScheme#ALIBI} there is no position table: positions enter as attention biases. */
    public TokenPositionEmbedding(int vocabSize, int context, int dModel, PositionScheme positions) {
        this.vocabSize = vocabSize;
        this.context = context;
        this.dModel = dModel;
        this.tokenTable = param("token_embedding", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), vocabSize, dModel);
        this.positionTable = positions == PositionScheme.LEARNED
                ? param("position_embedding", Parameter.Type.WEIGHT, new NormalInitializer(0.01f), context, dModel) : null;
    }

    /**
     * @param ids       [B, T] int64 token ids
     * @param positions [B, T] int64 positions in [0, context)
     * @return [B, T, d]
     */
    public NDArray embed(NDArray ids, NDArray positions) {
        NDArray tok = ids.oneHot(vocabSize).matMul(value(tokenTable));
        if (positionTable == null) {
            return tok;
        }
        NDArray pos = positions.oneHot(context).matMul(value(positionTable));
        return tok.add(pos);
    }

    /** Tied output head: [B, T, d] → [B, T, V] logits {@code h · Eᵀ}. */
    public NDArray tiedLogits(NDArray hidden) {
        return Linear.linear(hidden, value(tokenTable)).singletonOrThrow();
    }

    public int vocabSize() {
        return vocabSize;
    }

    public int context() {
        return context;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(embed(inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(dModel))};
    }
}
