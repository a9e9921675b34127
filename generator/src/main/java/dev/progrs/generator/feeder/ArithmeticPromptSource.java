package dev.progrs.generator.feeder;

import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Train problems of the built-in arithmetic suite: problem {@code i} (counting from
 * {@code startIndex}) is {@code suite.trainProblem(i, steps_i)} with {@code steps_i} uniform in
 * {@code [minSteps, maxSteps]}, drawn from a stream seeded by {@code (seed, i)}. The suite keeps train
 * problems disjoint from its test split, so the suite (and its seed) should be the one the
 * evaluation uses. Infinite; reproducible; not thread-safe.
 */
public final class ArithmeticPromptSource implements PromptSource {

    private final ArithmeticSuite suite;
    private final int minSteps;
    private final int maxSteps;
    private final long seed;
    private long index;

    public ArithmeticPromptSource(ArithmeticSuite suite, int minSteps, int maxSteps, long startIndex, long seed) {
        InvalidSettingException.require(minSteps >= 1 && maxSteps >= minSteps && maxSteps <= ArithmeticSuiteConfig.MAX_STEPS, "steps",
                minSteps + ".." + maxSteps, "a range 1 <= min <= max <= " + ArithmeticSuiteConfig.MAX_STEPS + ", e.g. 6..8");
        InvalidSettingException.require(startIndex >= 0, "start-index", startIndex, "an integer >= 0");
        this.suite = suite;
        this.minSteps = minSteps;
        this.maxSteps = maxSteps;
        this.index = startIndex;
        this.seed = seed;
    }

    @Override
    public Optional<Problem> next() {
        long i = index++;
        int steps = minSteps + new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i).nextInt(maxSteps - minSteps + 1);
        return Optional.of(suite.trainProblem(i, steps));
    }

    /** Index of the next problem. */
    public long nextIndex() {
        return index;
    }
}
