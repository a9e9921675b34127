package dev.progrs.learner.loss;

import ai.djl.ndarray.NDArray;
import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How per-token loss terms ℓ(b, t) become one scalar, with m(b, t) ∈ {0, 1} the completion mask.
 * A pure function over arrays, picked by its configuration name ({@code loss-agg}).
 */
public enum LossAggregation {

    /**
     * {@code token-mean}: every completion token of the batch weighs the same.
     * <pre>  L = Σ_{b,t} m(b,t)·ℓ(b,t) / Σ_{b,t} m(b,t)  </pre>
     */
    TOKEN_MEAN("token-mean") {
        @Override
        public NDArray aggregate(NDArray perToken, NDArray mask) {
            return perToken.mul(mask).sum().div(mask.sum().maximum(1f));
        }
    },

    /**
     * {@code seq-mean-token-mean}: every sequence weighs the same, whatever its length.
     * <pre>  L = (1/B') Σ_b [ Σ_t m(b,t)·ℓ(b,t) / Σ_t m(b,t) ],   B' = #{b : Σ_t m(b,t) &gt; 0}  </pre>
     */
    SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean") {
        @Override
        public NDArray aggregate(NDArray perToken, NDArray mask) {
            NDArray tokens = mask.sum(new int[] {1});
            NDArray perSequence = perToken.mul(mask).sum(new int[] {1}).div(tokens.maximum(1f));
            NDArray present = tokens.gt(0f).toType(perSequence.getDataType(), false);
            return perSequence.mul(present).sum().div(present.sum().maximum(1f));
        }
    };

    /** The configuration key that selects an aggregation. */
    public static final String CONFIG_KEY = "loss-agg";

    private final String configName;

    LossAggregation(String configName) {
        this.configName = configName;
    }

    /**
     * @param perToken ℓ, shape [B, T]
     * @param mask     m, shape [B, T], 1 on the tokens that count
     * @return the scalar loss (differentiable when {@code perToken} is)
     */
    public abstract NDArray aggregate(NDArray perToken, NDArray mask);

    /** The name used in configuration and on the command line. */
    public String configName() {
        return configName;
    }

    /**
     * The aggregation called {@code name}.
     *
     * @throws InvalidSettingException naming the key, the value and the accepted names
     */
    public static LossAggregation fromName(String name) {
        for (LossAggregation a : values()) {
            if (a.configName.equals(name)) {
                return a;
            }
        }
        throw new InvalidSettingException(CONFIG_KEY, name, acceptedNames());
    }

    /** The accepted names, comma-separated. */
    public static String acceptedNames() {
        return Arrays.stream(values()).map(LossAggregation::configName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return configName;
    }
}
