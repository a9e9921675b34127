package dev.progrs.models.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Layer normalisation over the last axis: {@code LN(x) = γ ⊙ (x − µ) / √(σ² + ε) + β}. */
public final class PreNormLayerNorm extends FixedShapeBlock {

    private final Shape normalized;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    public PreNormLayerNorm(int dModel, float eps) {
        this.normalized = new Shape(dModel);
        this.eps = eps;
        this.gamma = param("gamma", Parameter.Type.GAMMA, null, dModel);
        this.beta = param("beta", Parameter.Type.BETA, null, dModel);
    }

    public NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, normalized, value(gamma), value(beta), eps).singletonOrThrow();
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
