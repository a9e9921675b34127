package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.progrs.models.transformer.AttentionMasks;
import dev.progrs.models.transformer.TokenPositionEmbedding;
import dev.progrs.models.transformer.TransformerStack;

/**
 * The quantile-regression PRM: the policy's transformer building blocks (token + position
 * embedding, causal pre-norm stack) with a {@link QuantileHead} on the hidden state at each step
 * boundary.
 *
 * <pre>
 *   H = LN_f(Stack(E[x] + P[pos]))                       [B, L, d]   causal: H(b, i) sees tokens ≤ i
 *   Q(b, t, ·) = Head(H(b, b_t))  = Head(selector · H)   [B, S, K]   non-crossing, in (0, 1)
 * </pre>
 * The children are named like the policy's ({@code embedding}, {@code stack}), so a policy's
 * parameters can initialise the encoder ({@link PrmModel#initialiseEncoderFrom}).
 */
public final class PrmNetwork extends AbstractBlock {

    private final PrmConfig config;
    private final TokenPositionEmbedding embedding;
    private final TransformerStack stack;
    private final QuantileHead head;

    public PrmNetwork(PrmConfig config) {
        super((byte) 1);
        this.config = config;
        var a = config.architecture();
        this.embedding = addChildBlock("embedding", new TokenPositionEmbedding(a.vocabSize(), a.context(), a.dModel(), a.positions()));
        this.stack = addChildBlock("stack", new TransformerStack(a));
        this.head = addChildBlock("head", new QuantileHead(a.dModel(), config.levelCount()));
    }

    public PrmConfig config() {
        return config;
    }

    /**
     * Quantiles at every step boundary of every row, in one forward pass.
     *
     * @param ids      [B, L] int64
     * @param mask     [B, L] padding mask (right padding)
     * @param selector [B, S, L] one-hot boundary selector (see {@link PrmBatch})
     * @return [B, S, K]
     */
    public NDArray quantiles(NDArray ids, NDArray mask, NDArray selector) {
        long len = ids.getShape().get(1);
        if (len > config.architecture().context()) {
            throw new IllegalArgumentException("sequence length " + len + " exceeds the PRM context " + config.architecture().context());
        }
        NDArray hidden = stack.forward(embedding.embed(ids, AttentionMasks.positions(mask)), mask);
        return head.forward(selector.matMul(hidden));
    }

    /** {@link #quantiles(NDArray, NDArray, NDArray)} of a batch. */
    public NDArray quantiles(PrmBatch batch) {
        return quantiles(batch.ids(), batch.mask(), batch.selector());
    }

    QuantileHead head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(quantiles(inputs.get(0), inputs.get(1), inputs.get(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape sel = inputShapes[2];
        return new Shape[] {new Shape(sel.get(0), sel.get(1), config.levelCount())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
