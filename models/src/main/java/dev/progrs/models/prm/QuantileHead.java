package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Non-crossing quantile head: K ordered logits from a hidden state, squashed into [0, 1].
 *
 * <pre>
 *   r = h·Wᵀ + b                                  W: K×d, b: K
 *   z_1 = r_1,   z_k = z_{k−1} + softplus(r_k)     (k = 2..K)      so z_1 ≤ z_2 ≤ … ≤ z_K
 *   Q_τk = σ(z_k)                                  σ strictly increasing, so Q_τ1 ≤ … ≤ Q_τK, each in (0, 1)
 * </pre>
 * {@link #setUnconditionalLevels} sets b so that, with W ≈ 0, Q_τk = τ_k: the untrained head starts
 * at the quantiles of a uniform label (b_1 = logit τ_1, b_k = softplus⁻¹(logit τ_k − logit τ_{k−1})).
 */
public final class QuantileHead extends AbstractBlock {

    private final int dModel;
    private final int levels;
    private final Parameter weight;
    private final Parameter bias;

    public QuantileHead(int dModel, int levels) {
        super((byte) 1);
        this.dModel = dModel;
        this.levels = levels;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(levels, dModel)).optInitializer(new NormalInitializer(0.02f)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(levels)).build());
    }

    /**
     * @param hidden [..., d]
     * @return [..., K] quantiles, ascending along the last axis, in (0, 1)
     */
    public NDArray forward(NDArray hidden) {
        NDArray r = Linear.linear(hidden, array(weight), array(bias)).singletonOrThrow();
        if (levels == 1) {
            return Activation.sigmoid(r);
        }
        int last = r.getShape().dimension() - 1;
        NDArray base = r.get("..., 0:1");
        NDArray increments = Activation.softPlus(r.get("..., 1:"));
        NDArray z = base.concat(increments.cumSum(last).add(base), last);
        return Activation.sigmoid(z);
    }

    /** Sets the bias so that a zero-weight head outputs exactly τ (see the class comment). */
    void setUnconditionalLevels(double[] taus) {
        if (taus.length != levels) {
            throw new IllegalArgumentException("need " + levels + " levels, got " + taus.length);
        }
        float[] b = new float[levels];
        b[0] = (float) logit(taus[0]);
        for (int k = 1; k < levels; k++) {
            double gap = logit(taus[k]) - logit(taus[k - 1]);
            b[k] = (float) Math.log(Math.expm1(gap));
        }
        NDArray a = array(bias);
        a.set(b);
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    private static NDArray array(Parameter p) {
        NDArray a = p.getArray();
        if (a == null) {
            throw new IllegalStateException("parameter '" + p.getName() + "' is not initialised; call initialize() or load a checkpoint first");
        }
        return a;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).addAll(new Shape(levels))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }

    int dModel() {
        return dModel;
    }
}
