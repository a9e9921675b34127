package dev.progrs.models.policy;

import dev.progrs.models.autograd.GraphScalars;
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
import dev.progrs.models.transformer.KvCache;
import dev.progrs.models.transformer.TokenPositionEmbedding;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.models.transformer.TransformerStack;

/**
 * Decoder-only language model: token + learned position embedding, a causal pre-norm
 * {@link TransformerStack}, and the output head tied to the token embedding.
 *
 * <pre>
 *   logits(b, t) = LN_f(Stack(E[x] + P[pos])) · Eᵀ
 *   log π_T(x_{t+1} | x_{≤t}) = log softmax(logits(b, t) / T)[x_{t+1}]
 * </pre>
 * The DJL {@code forward} takes {@code NDList(ids [B,T] int64, mask [B,T])} and returns the logits.
 */
public final class PolicyNetwork extends AbstractBlock {

    private final TransformerConfig config;
    private final TokenPositionEmbedding embedding;
    private final TransformerStack stack;

    public PolicyNetwork(TransformerConfig config) {
        super((byte) 1);
        if (!config.causal()) {
            throw new IllegalArgumentException("a policy network must be causal; got causal=false");
        }
        this.config = config;
        this.embedding = addChildBlock("embedding", new TokenPositionEmbedding(config.vocabSize(), config.context(), config.dModel(), config.positions()));
        this.stack = addChildBlock("stack", new TransformerStack(config));
    }

    public TransformerConfig config() {
        return config;
    }

    /**
     * Full forward.
     *
     * @param ids  [B, T] int64 token ids
     * @param mask [B, T] 1 for real tokens, 0 for padding (left or right)
     * @return [B, T, V] logits
     */
    public NDArray logits(NDArray ids, NDArray mask) {
        return logits(ids, mask, 0);
    }

    /**
     * Full forward with every position shifted: {@code pos(b, t) = offset + Σ_{s ≤ t} mask(b, s) − 1}.
     * Training with random offsets fills the whole position table, so that the circuits the policy
     * learns do not depend on where the text sits; evaluating with an offset measures that.
     *
     * @param offset shift ≥ 0; the shifted sequence must fit the context
     */
    public NDArray logits(NDArray ids, NDArray mask, long offset) {
        checkLength(ids.getShape().get(1) + offset);
        NDArray positions = AttentionMasks.positions(mask);
        if (offset != 0) {
            positions = positions.add(offset);
        }
        NDArray h = embedding.embed(ids, positions);
        return embedding.tiedLogits(stack.forward(h, mask));
    }

    /**
     * Full forward with a shift per row ({@code offsets} [B, 1] int64, see {@link #logits(NDArray, NDArray, long)}).
     */
    public NDArray logits(NDArray ids, NDArray mask, NDArray offsets) {
        NDArray h = embedding.embed(ids, AttentionMasks.positions(mask).add(offsets));
        return embedding.tiedLogits(stack.forward(h, mask));
    }

    /**
     * Incremental forward over new positions with a {@link KvCache}.
     *
     * @param ids       [B, Tq] int64 new token ids
     * @param positions [B, Tq] int64 their positions
     * @param keyMask   [B, Tpast + Tq] padding mask over cached and new positions
     * @return [B, Tq, V] logits
     */
    public NDArray logits(NDArray ids, NDArray positions, NDArray keyMask, KvCache cache) {
        checkLength(keyMask.getShape().get(1));
        NDArray h = embedding.embed(ids, positions);
        return embedding.tiedLogits(stack.forward(h, keyMask, cache));
    }

    /**
     * Log-probabilities of the given next tokens, differentiable (call inside a
     * {@code GradientCollector} to train):
     * <pre>  out(b, t) = log softmax(logits(b, t) / T)[ids(b, t+1)],   t = 0 .. L−2 </pre>
     * Positions whose target is padding hold a finite value that callers mask out.
     *
     * @param ids         [B, L] int64
     * @param mask        [B, L] padding mask
     * @param temperature T &gt; 0 (the policy distribution is softmax(logits / T))
     * @return [B, L−1] float32
     */
    public NDArray tokenLogProbs(NDArray ids, NDArray mask, float temperature) {
        return tokenLogProbs(ids, mask, temperature, null);
    }

    /**
     * {@link #tokenLogProbs(NDArray, NDArray, float)} with the positions of row b shifted by
     * {@code offsets(b)} ([B, 1] int64, or null for none): supervised training with random offsets.
     */
    public NDArray tokenLogProbs(NDArray ids, NDArray mask, float temperature, NDArray offsets) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature " + temperature + " must be > 0");
        }
        long len = ids.getShape().get(1);
        if (len < 2) {
            throw new IllegalArgumentException("need at least 2 tokens per row to score next tokens, got " + len);
        }
        NDArray logits = (offsets == null ? logits(ids, mask) : logits(ids, mask, offsets)).get(":, :-1, :");
        if (temperature != 1f) {
            logits = GraphScalars.dividedBy(logits, temperature);
        }
        NDArray targets = ids.get(":, 1:");
        return logits.logSoftmax(-1).mul(targets.oneHot(config.vocabSize())).sum(new int[] {2});
    }

    private void checkLength(long t) {
        if (t > config.context()) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds the policy context " + config.context());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logits(inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(config.vocabSize()))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }
}
