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
import ai.djl.ndarray.index.NDIndex;
import dev.progrs.models.transformer.AttentionMasks;
import dev.progrs.models.transformer.KvCache;
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

    /**
     * The same quantiles as {@link #quantiles(PrmBatch)} for sequences that share a prefix, with each
     * group's prefix encoded once:
     * <pre>
     *   (K_l, V_l)[g] = Stack(E[prefix_g] + P[0..P_g))                per layer l, kept in {@code cache}
     *   (K_l, V_l)[n] ← (K_l, V_l)[g(n)]                             copied to each row of the group
     *   H(n, ·) = LN_f(Stack(E[x_n] + P[P_g + j] | K_l, V_l))         the response attends to its prefix and causally to itself
     *   Q(n, t, ·) = Head(H(n, b_t − P_g))
     * </pre>
     * Causal attention makes a prefix's keys and values independent of what follows it, so this equals
     * the full pass up to float rounding. Positions continue after the prefix: learned positions by the
     * explicit P_g + j, ALiBi by grid distance, equal to token distance because prefixes are left-padded.
     *
     * @param cache empty on entry; holds the rows' keys and values on return (close it)
     * @return [N, S, K]
     */
    NDArray quantilesAfterPrefix(PrmPrefixBatch batch, KvCache cache) {
        NDArray prefixMask = batch.prefixMask();
        stack.forward(embedding.embed(batch.prefixIds(), AttentionMasks.positions(prefixMask)), prefixMask, cache);
        int layers = config.architecture().layers();
        NDIndex rows = new NDIndex("{}", batch.rowGroup());
        for (int l = 0; l < layers; l++) {
            cache.replace(l, cache.keys(l).get(rows), cache.values(l).get(rows));
        }
        NDArray hidden = stack.forward(embedding.embed(batch.ids(), batch.positions()), batch.keyMask(), cache);
        return head.forward(batch.selector().matMul(hidden));
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
