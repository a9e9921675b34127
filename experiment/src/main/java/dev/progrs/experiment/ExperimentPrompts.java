package dev.progrs.experiment;

import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;

/**
 * The training prompt stream of one seed: every arm with that seed reads the same problems in the same
 * order; different seeds start at disjoint stretches of the suite's train split (10^9 problems apart).
 */
final class ExperimentPrompts {
    /** Distance between the first train problems of two consecutive seeds. */
    static final long SEED_STRIDE = 1_000_000_000L;

    private ExperimentPrompts() {
    }

    static ArithmeticPromptSource of(ArithmeticSuite suite, ExperimentPlan plan, long seed) {
        return new ArithmeticPromptSource(suite, plan.minSteps(), plan.maxSteps(), Math.floorMod(seed, 1000L) * SEED_STRIDE, seed);
    }
}
