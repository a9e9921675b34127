package dev.progrs.models.transformer;

import dev.progrs.models.autograd.GraphScalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention with an optional key/value cache.
 *
 * <pre>
 *   [Q K V] = x·W_qkvᵀ + b_qkv,  split into H heads of size d_h = d / H
 *   K ← [K_past ; K],  V ← [V_past ; V]          (along time, when a cache is given)
 *   A_h = softmax(Q_h K_hᵀ / √d_h + M)            M: additive mask, see {@link AttentionMasks}
 *   out = concat_h(A_h V_h)·W_oᵀ + b_o
 * </pre>
 */
public final class MultiHeadSelfAttention extends FixedShapeBlock {

    /** Output of one call: the attended values and the full key/value tensors [B, H, Tk, d_h]. */
    public record Result(NDArray output, NDArray keys, NDArray values) {
    }

    private final int dModel;
    private final int heads;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    public MultiHeadSelfAttention(int dModel, int heads, int layers) {
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " must divide dModel " + dModel);
        }
        this.dModel = dModel;
        this.heads = heads;
        this.qkvWeight = param("qkv_weight", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), 3L * dModel, dModel);
        this.qkvBias = param("qkv_bias", Parameter.Type.BIAS, null, 3L * dModel);
        // GPT-2 style: residual projections scaled by 1/sqrt(2·layers) keep the residual stream's variance flat.
        this.outWeight = param("out_weight", Parameter.Type.WEIGHT,
                new NormalInitializer((float) (0.02 / Math.sqrt(2.0 * layers))), dModel, dModel);
        this.outBias = param("out_bias", Parameter.Type.BIAS, null, dModel);
    }

    /**
     * @param x          [B, Tq, d]
     * @param mask       additive mask broadcastable to [B, H, Tq, Tk]
     * @param pastKeys   [B, H, Tpast, d_h] or null
     * @param pastValues [B, H, Tpast, d_h] or null
     */
    public Result forward(NDArray x, NDArray mask, NDArray pastKeys, NDArray pastValues) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long dh = dModel / heads;
        NDArray qkv = Linear.linear(x, value(qkvWeight), value(qkvBias)).singletonOrThrow();
        NDList parts = qkv.split(3, 2);
        NDArray q = parts.get(0).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray k = parts.get(1).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        NDArray v = parts.get(2).reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
        if (pastKeys != null) {
            k = pastKeys.concat(k, 2);
            v = pastValues.concat(v, 2);
        }
        NDArray scores = GraphScalars.times(q.matMul(k.transpose(0, 1, 3, 2)), 1.0 / Math.sqrt(dh)).add(mask);
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dModel);
        NDArray out = Linear.linear(context, value(outWeight), value(outBias)).singletonOrThrow();
        return new Result(out, k, v);
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
