package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack of pre-norm {@link TransformerLayer}s followed by a final layer norm, causal or
 * bidirectional by {@link TransformerConfig#causal()}. Reusable: the policy uses it causal with a
 * tied head; a PRM can put a regression head on the same stack.
 *
 * <pre>
 *   h₀ = x;  h_l = Layer_l(h_{l−1}, M);  out = LN_f(h_L)
 * </pre>
 * where M is {@link AttentionMasks#build(NDArray, int, boolean)} of the key padding mask.
 */
public final class TransformerStack extends FixedShapeBlock {

    private final TransformerConfig config;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final PreNormLayerNorm finalNorm;

    public TransformerStack(TransformerConfig config) {
        this.config = config;
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(config)));
        }
        this.finalNorm = addChildBlock("ln_f", new PreNormLayerNorm(config.dModel(), config.layerNormEps()));
    }

    /**
     * Full forward (no cache).
     *
     * @param x       [B, T, d] embedded inputs
     * @param keyMask [B, T] 1 for real tokens, 0 for padding
     * @return [B, T, d]
     */
    public NDArray forward(NDArray x, NDArray keyMask) {
        NDArray mask = mask(keyMask, (int) x.getShape().get(1));
        NDArray h = x;
        for (TransformerLayer layer : layers) {
            h = layer.forward(h, mask, null, null).output();
        }
        return finalNorm.forward(h);
    }

    /**
     * Incremental forward: the new positions attend to the cached ones and to themselves; the cache
     * is extended by the new positions.
     *
     * @param x       [B, Tq, d] embedded new positions
     * @param keyMask [B, Tpast + Tq] padding mask over cached and new positions
     * @param cache   the cache to read and extend
     * @return [B, Tq, d]
     */
    public NDArray forward(NDArray x, NDArray keyMask, KvCache cache) {
        NDArray mask = mask(keyMask, (int) x.getShape().get(1));
        NDArray h = x;
        for (int i = 0; i < layers.size(); i++) {
            MultiHeadSelfAttention.Result r = layers.get(i).forward(h, mask, cache.keys(i), cache.values(i));
            cache.replace(i, r.keys(), r.values());
            h = r.output();
        }
        return finalNorm.forward(h);
    }

    public TransformerConfig config() {
        return config;
    }

    /** Padding (and causal) mask, plus the ALiBi bias when the config says so. */
    private NDArray mask(NDArray keyMask, int queryLength) {
        NDArray mask = AttentionMasks.build(keyMask, queryLength, config.causal());
        if (config.positions() == PositionScheme.ALIBI) {
            int tk = (int) keyMask.getShape().get(1);
            mask = mask.add(AttentionMasks.alibi(keyMask.getManager(), config.heads(), queryLength, tk));
        }
        return mask;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
