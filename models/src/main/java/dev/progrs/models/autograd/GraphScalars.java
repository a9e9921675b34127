package dev.progrs.models.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying or dividing an activation by a Java number inside a recorded (autograd) computation.
 *
 * <pre>
 *   times(x, c)     = x · c      ∂/∂x = c
 *   dividedBy(x, c) = x / c      ∂/∂x = 1/c
 * </pre>
 *
 * Why not {@code x.mul(c)}: in DJL's PyTorch engine {@code NDArray.mul(Number)} (likewise {@code div},
 * {@code pow}, {@code maximum}, {@code minimum} with a number) creates c as a 0-dimensional array with
 * {@code NDManager.create(Number)}, which on the CPU is a tensor <em>over a Java direct buffer</em> (no copy,
 * {@code torch::from_blob}), multiplies, and closes that array at once. Autograd keeps the scalar for the
 * backward pass (∂(x·c)/∂x = c), but the buffer under it is released with the Java array: once the
 * garbage collector has run and the memory is reused, the backward pass multiplies by whatever is
 * there now — 0, a NaN, or a plausible wrong number. Here c is created with {@code NDManager.full},
 * whose storage belongs to PyTorch and lives as long as any tensor refers to it.
 *
 * <p>{@code add}/{@code sub} of a number are safe (their backward does not read the number), and so is
 * {@code clip(Number, Number)} (passed to PyTorch as scalars).
 */
public final class GraphScalars {

    private GraphScalars() {
    }

    /** @return x · c, safe to differentiate after any garbage collection */
    public static NDArray times(NDArray x, double c) {
        return x.mul(scalar(x, c));
    }

    /** @return x / c, safe to differentiate after any garbage collection */
    public static NDArray dividedBy(NDArray x, double c) {
        return x.div(scalar(x, c));
    }

    private static NDArray scalar(NDArray like, double c) {
        return like.getManager().full(new Shape(), (float) c, like.getDataType());
    }
}
