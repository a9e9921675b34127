package dev.progrs.models.prm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The pinball (quantile) loss of docs/method.md §1.
 *
 * <pre>
 *   ρ_τ(u) = u · (τ − 1[u &lt; 0])                       u = y − Q_τ
 *   ℓ(y, Q) = Σ_k ρ_τk(y − Q_τk)                       per labelled step
 *   L = Σ_{b,t} w(b,t) · ℓ(y(b,t), Q(b,t,·)) / max(1, Σ_{b,t} w(b,t))
 * </pre>
 * ρ_τ is minimised in expectation by the τ-quantile of y, so each output learns its own quantile.
 * The tensor form is differentiable in Q (the indicator is piecewise constant).
 */
public final class PinballLoss {

    private PinballLoss() {
    }

    /** ρ_τ(u) = u·(τ − 1[u &lt; 0]). */
    public static double rho(double u, double tau) {
        return u * (tau - (u < 0 ? 1 : 0));
    }

    /** Σ_k ρ_τk(y − Q_k) for one labelled step. */
    public static double stepLoss(double y, double[] quantiles, double[] taus) {
        if (quantiles.length != taus.length) {
            throw new IllegalArgumentException(quantiles.length + " quantiles for " + taus.length + " levels");
        }
        double s = 0;
        for (int k = 0; k < taus.length; k++) {
            s += rho(y - quantiles[k], taus[k]);
        }
        return s;
    }

    /**
     * Weighted mean pinball loss, a scalar.
     *
     * @param quantiles [B, S, K] Q
     * @param labels    [B, S] y
     * @param weights   [B, S] w (0 for padding and unlabelled steps)
     * @param taus      the K levels
     */
    public static NDArray loss(NDArray quantiles, NDArray labels, NDArray weights, double[] taus) {
        long k = quantiles.getShape().get(quantiles.getShape().dimension() - 1);
        if (k != taus.length) {
            throw new IllegalArgumentException(k + " quantile outputs for " + taus.length + " levels");
        }
        float[] t = new float[taus.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) taus[i];
        }
        NDArray tau = quantiles.getManager().create(t);
        NDArray u = labels.expandDims(-1).sub(quantiles);
        NDArray below = u.lt(0f).toType(DataType.FLOAT32, false);
        NDArray rho = u.mul(below.neg().add(tau));
        NDArray perStep = rho.sum(new int[] {-1});
        NDArray total = perStep.mul(weights).sum();
        float count = Math.max(1f, weights.sum().getFloat());
        return total.div(count);
    }
}
