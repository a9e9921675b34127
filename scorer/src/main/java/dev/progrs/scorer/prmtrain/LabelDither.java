package dev.progrs.scorer.prmtrain;

import java.util.SplittableRandom;

/**
 * Spreads a Monte-Carlo label k/M uniformly over its bin (the randomised probability integral
 * transform for a discrete target):
 *
 * <pre>
 *   y' = (k + U) / (M + 1),   U ~ Uniform[0, 1)          k = number of correct continuations
 * </pre>
 * y' keeps the order of the counts, lies in [0, 1) and has no atoms, so its τ-quantile is unique
 * and the coverage P(y' &lt; Q_τ) of a calibrated PRM is τ exactly. Without it, labels of exactly 0
 * or 1 (most prefixes of an easy or a hopeless problem) make P(y &lt; Q) and P(y ≤ Q) differ by the
 * mass of the atom, and any τ between them is equally "calibrated". The mean shrinks slightly
 * towards ½: E[y'] = (M·p + ½)/(M + 1).
 */
public final class LabelDither {

    private LabelDither() {
    }

    /** y' for {@code successes} of {@code m}, drawing U from {@code rng}. */
    public static double dither(int successes, int m, SplittableRandom rng) {
        if (successes < 0 || successes > m) {
            throw new IllegalArgumentException(successes + " successes of " + m);
        }
        return (successes + rng.nextDouble()) / (m + 1);
    }
}
