package dev.progrs.models.eval;

import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.tasks.Problem;
import java.util.List;
import java.util.Locale;

/**
 * Held-out Pass@1 of one policy in the two forms docs/method.md §7 names: greedy, and the mean over n
 * samples per problem at the training temperature,
 * Pass@1 = (1 / (n·|P|)) Σ_p Σ_{i ≤ n} 1[sample i of p is correct].
 * The samples use one fixed seed, so every policy evaluated meets the same random streams and two
 * evaluations differ only by the weights. The sampled form is what RL at temperature T optimises.
 *
 * @param greedy  greedy decoding, one answer per problem
 * @param sampled mean over {@code samples} samples per problem at {@code temperature}; null when samples = 0
 */
public record HeldOutScore(PassAtOne greedy, PassAtOne sampled, float temperature, int samples) {
    /** Seed of the held-out sampling streams, shared by every evaluation. */
    public static final long SEED = 20261126L;
    private static final int BATCH = 64;

    public static HeldOutScore of(PolicyModel policy, List<Problem> problems, float temperature, int samples) {
        if (samples < 0) {
            throw bad("--eval-samples", samples, "an integer >= 0 (0 = greedy only)");
        }
        PassAtOne greedy = PassAtOne.evaluate(policy, problems, BATCH);
        PassAtOne sampled = samples == 0 ? null
                : PassAtOne.evaluateSampled(policy, problems, BATCH, SamplingConfig.sample(temperature, 1.0, 1, SEED), samples);
        return new HeldOutScore(greedy, sampled, temperature, samples);
    }

    /** The headline metric: sampled when measured, else greedy. */
    public PassAtOne primary() {
        return sampled != null ? sampled : greedy;
    }

    /** How the headline metric is measured. */
    public String describePrimary() {
        return sampled == null ? "greedy Pass@1" : describeSampled(samples, temperature);
    }

    public static String describeSampled(int samples, float temperature) {
        return String.format(Locale.ROOT, "Pass@1 as the mean over %d samples per problem at temperature %.2f (fixed seed)", samples,
                temperature);
    }

    /** The message shape of the stage module's InvalidSettingException, which this Kafka-free module does not depend on. */
    private static IllegalArgumentException bad(String key, Object value, String accepted) {
        return new IllegalArgumentException("Invalid value '" + value + "' for configuration '" + key + "': accepted " + accepted);
    }
}
