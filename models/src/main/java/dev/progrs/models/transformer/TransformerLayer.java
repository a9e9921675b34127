package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer layer:
 * <pre>
 *   x ← x + MHSA(LN₁(x))
 *   x ← x + FFN(LN₂(x))
 * </pre>
 */
public final class TransformerLayer extends FixedShapeBlock {

    private final PreNormLayerNorm norm1;
    private final MultiHeadSelfAttention attention;
    private final PreNormLayerNorm norm2;
    private final FeedForward feedForward;

    public TransformerLayer(TransformerConfig c) {
        this.norm1 = addChildBlock("ln1", new PreNormLayerNorm(c.dModel(), c.layerNormEps()));
        this.attention = addChildBlock("attention", new MultiHeadSelfAttention(c.dModel(), c.heads(), c.layers()));
        this.norm2 = addChildBlock("ln2", new PreNormLayerNorm(c.dModel(), c.layerNormEps()));
        this.feedForward = addChildBlock("ffn", new FeedForward(c.dModel(), c.ffnHidden(), c.layers()));
    }

    /** See {@link MultiHeadSelfAttention#forward}; the result's output is the new residual stream. */
    public MultiHeadSelfAttention.Result forward(NDArray x, NDArray mask, NDArray pastKeys, NDArray pastValues) {
        MultiHeadSelfAttention.Result a = attention.forward(norm1.forward(x), mask, pastKeys, pastValues);
        NDArray h = x.add(a.output());
        NDArray out = h.add(feedForward.forward(norm2.forward(h)));
        return new MultiHeadSelfAttention.Result(out, a.keys(), a.values());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.get(0), inputs.get(1), null, null).output());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
