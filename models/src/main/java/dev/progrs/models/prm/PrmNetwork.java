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
import dev.progrs.models.autograd.GraphScalars;
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
 *
 * <p><b>Token surprise</b> ({@link PrmConfig#tokenSurprise}). The encoder starts as the policy, whose
 * tied read-out predicts every next token; a wrong value, operand or operator in a step line is a token
 * the policy would not have written. The head then also reads how surprising the step's tokens are to
 * the encoder's own read-out:
 * <pre>
 *   s(b, i)     = log softmax(H(b, i−1) · Eᵀ)[x_i]                        the encoder's next-token log-probability
 *   u_t         = min { s(b, i) : i ∈ step t }                            (PrmBatch.stepSpan; the response's first token excluded)
 *   v_t         = min { s(b, i) : i ∈ steps 1..t }                        (PrmBatch.prefixSpan)
 *   Q(b, t, ·)  = Head([H(b, b_t) ; clip(u_t / 5, −3, 0) ; clip(v_t / 5, −3, 0)])
 * </pre>
 * Still one causal pass: s(b, i) depends on tokens ≤ i only, so Q at step t sees nothing after b_t.
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
        this.head = addChildBlock("head", new QuantileHead(a.dModel() + (config.tokenSurprise() ? SURPRISE_FEATURES : 0),
                config.levelCount()));
    }

    /** The two token-surprise features u_t, v_t (class comment). */
    static final int SURPRISE_FEATURES = 2;
    /** Log-probabilities are divided by this before clipping to [−3, 0]: a surprise below −15 nats reads as −3. */
    static final float SURPRISE_SCALE = 5f;

    public PrmConfig config() {
        return config;
    }

    private volatile QuantileRecalibration recalibration = QuantileRecalibration.NONE;

    /** The post-hoc calibration applied to every quantile the PRM reports ({@link PrmScoring}); training sees raw quantiles. */
    public QuantileRecalibration recalibration() {
        return recalibration;
    }

    void setRecalibration(QuantileRecalibration r) {
        if (!r.isIdentity() && r.logitShifts().size() != config.levelCount()) {
            throw new IllegalArgumentException(r.logitShifts().size() + " quantile logit shifts for " + config.levelCount() + " levels");
        }
        this.recalibration = r;
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
        if (config.tokenSurprise()) {
            throw new IllegalStateException("a token-surprise PRM needs the step spans: call quantiles(PrmBatch)");
        }
        return head.forward(selector.matMul(encode(ids, mask)));
    }

    /** H = LN_f(Stack(E[x] + P[pos])) of a right-padded batch, [B, L, d]; a row longer than the context is refused. */
    private NDArray encode(NDArray ids, NDArray mask) {
        long len = ids.getShape().get(1);
        if (len > config.architecture().context()) {
            throw new IllegalArgumentException("sequence length " + len + " exceeds the PRM context " + config.architecture().context());
        }
        return stack.forward(embedding.embed(ids, AttentionMasks.positions(mask)), mask);
    }

    /** {@link #quantiles(NDArray, NDArray, NDArray)} of a batch, with the token-surprise features when configured. */
    public NDArray quantiles(PrmBatch batch) {
        if (!config.tokenSurprise()) {
            return quantiles(batch.ids(), batch.mask(), batch.selector());
        }
        NDArray hidden = encode(batch.ids(), batch.mask());
        return head.forward(withSurprise(batch.selector().matMul(hidden), surprise(hidden, batch.ids()), batch.stepSpan(),
                batch.prefixSpan()));
    }

    /** s(b, i) of the class comment, [B, L]; 0 at i = 0 (no read-out before the first token). */
    private NDArray surprise(NDArray hidden, NDArray ids) {
        if (ids.getShape().get(1) < 2) {
            return ids.zerosLike().toType(DataType.FLOAT32, false);
        }
        NDArray logp = embedding.tiedLogits(hidden.get(":, :-1, :")).logSoftmax(-1);
        NDArray next = logp.mul(ids.get(":, 1:").oneHot(config.architecture().vocabSize())).sum(new int[] {2});
        return next.get(":, 0:1").zerosLike().concat(next, 1);
    }

    /** [H(b_t) ; clip(u_t / 5, −3, 0) ; clip(v_t / 5, −3, 0)], [B, S, d + 2]. */
    private static NDArray withSurprise(NDArray boundaryHidden, NDArray surprise, NDArray stepSpan, NDArray prefixSpan) {
        NDArray s = surprise.expandDims(1);
        NDArray u = s.mul(stepSpan).min(new int[] {2}, true);
        NDArray v = s.mul(prefixSpan).min(new int[] {2}, true);
        NDArray f = GraphScalars.dividedBy(u.concat(v, 2), SURPRISE_SCALE).clip(-3, 0);
        return boundaryHidden.concat(f, 2);
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
        NDArray boundary = batch.selector().matMul(hidden);
        if (!config.tokenSurprise()) {
            return head.forward(boundary);
        }
        // the response's first token has no read-out here (it needs the prefix's last state); its spans skip it
        return head.forward(withSurprise(boundary, surprise(hidden, batch.ids()), batch.stepSpan(), batch.prefixSpan()));
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
