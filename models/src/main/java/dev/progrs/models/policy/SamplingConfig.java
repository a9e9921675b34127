package dev.progrs.models.policy;

/**
 * How completions are drawn.
 *
 * <p>The policy distribution is {@code π_T = softmax(logits / T)}. Sampling draws from π_T
 * restricted to its top-p nucleus (renormalised); the reported per-token log-probabilities are
 * {@code log π_T(token)} of the <em>unrestricted</em> π_T, which is exactly what
 * {@link PolicyModel#tokenLogProbs} computes at the same T, so the learner's importance ratio
 * compares like with like. Greedy decoding takes the argmax (ties: lowest id) and reports
 * {@code log π_T} of it as well.
 *
 * @param temperature   T &gt; 0; key {@code temperature}
 * @param topP          nucleus mass in (0, 1]; 1 disables the nucleus; key {@code top-p}
 * @param maxNewTokens  completion length limit (EOS included); key {@code max-new-tokens}
 * @param greedy        argmax instead of sampling; key {@code greedy}
 * @param seed          seed of the per-row random streams; key {@code seed}
 */
public record SamplingConfig(float temperature, double topP, int maxNewTokens, boolean greedy, long seed) {

    public SamplingConfig {
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw bad("temperature", temperature, "a finite number > 0");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw bad("top-p", topP, "0 < top-p <= 1");
        }
        if (maxNewTokens < 1) {
            throw bad("max-new-tokens", maxNewTokens, "an integer >= 1");
        }
    }

    /** Sampling at temperature T with nucleus p. */
    public static SamplingConfig sample(float temperature, double topP, int maxNewTokens, long seed) {
        return new SamplingConfig(temperature, topP, maxNewTokens, false, seed);
    }

    /** Greedy decoding, log-probs reported at T = 1. */
    public static SamplingConfig greedy(int maxNewTokens) {
        return new SamplingConfig(1f, 1.0, maxNewTokens, true, 0L);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(temperature, topP, maxNewTokens, greedy, s);
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
