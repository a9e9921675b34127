package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/** Position-wise feed-forward: {@code FFN(x) = GELU(x·W₁ᵀ + b₁)·W₂ᵀ + b₂}, W₁: F×d, W₂: d×F. */
public final class FeedForward extends FixedShapeBlock {

    private final int dModel;
    private final Parameter w1;
    private final Parameter b1;
    private final Parameter w2;
    private final Parameter b2;

    public FeedForward(int dModel, int hidden, int layers) {
        this.dModel = dModel;
        this.w1 = param("w1", Parameter.Type.WEIGHT, new NormalInitializer(0.02f), hidden, dModel);
        this.b1 = param("b1", Parameter.Type.BIAS, null, hidden);
        this.w2 = param("w2", Parameter.Type.WEIGHT, new NormalInitializer((float) (0.02 / Math.sqrt(2.0 * layers))), dModel, hidden);
        this.b2 = param("b2", Parameter.Type.BIAS, null, dModel);
    }

    /** [B, T, d] → [B, T, d]. */
    public NDArray forward(NDArray x) {
        NDArray h = Activation.gelu(Linear.linear(x, value(w1), value(b1)).singletonOrThrow());
        return Linear.linear(h, value(w2), value(b2)).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
