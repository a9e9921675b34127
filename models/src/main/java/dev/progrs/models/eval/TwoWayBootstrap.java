package dev.progrs.models.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over two crossed factors, seeds and held-out problems, for statistics of paired
 * runs (an arm and its baseline share every seed's prompts and every problem).
 *
 * <pre>
 *   estimate θ̂ = θ(S, P)                       S = (0..|S|−1), P = (0..|P|−1)
 *   replicate b: S*_b = |S| seeds drawn with replacement, P*_b = |P| problems drawn with replacement
 *                (one problem draw shared by every seed, so the pairing by problem is kept)
 *   95% interval = [q_0.025, q_0.975] of θ(S*_b, P*_b), b = 1..B
 * </pre>
 * With one seed only problems are resampled. Replicates whose statistic is NaN (undefined) are dropped;
 * +∞ counts as larger than every finite value (e.g. "not reached").
 */
public final class TwoWayBootstrap {

    /** A statistic of the runs and problems picked by index (indices may repeat). */
    @FunctionalInterface
    public interface Statistic {
        double of(int[] seeds, int[] problems);
    }

    /**
     * @param estimate  θ̂ on the data as observed
     * @param low       2.5th percentile of the replicates
     * @param high      97.5th percentile of the replicates
     * @param replicates replicates with a defined statistic
     */
    public record Interval(double estimate, double low, double high, int replicates) {
    }

    /** Replicates per interval. */
    public static final int REPLICATES = 2000;

    private TwoWayBootstrap() {
    }

    public static Interval of(Statistic statistic, int seeds, int problems, long rngSeed) {
        return of(statistic, seeds, problems, REPLICATES, rngSeed);
    }

    public static Interval of(Statistic statistic, int seeds, int problems, int replicates, long rngSeed) {
        if (seeds < 1 || problems < 1 || replicates < 1) {
            throw new IllegalArgumentException("bootstrap needs >= 1 seed, problem and replicate; got " + seeds + ", " + problems
                    + ", " + replicates);
        }
        int[] s0 = identity(seeds);
        int[] p0 = identity(problems);
        double estimate = statistic.of(s0, p0);
        SplittableRandom rng = new SplittableRandom(rngSeed);
        double[] values = new double[replicates];
        int n = 0;
        int[] s = new int[seeds];
        int[] p = new int[problems];
        for (int b = 0; b < replicates; b++) {
            for (int i = 0; i < seeds; i++) {
                s[i] = seeds == 1 ? 0 : rng.nextInt(seeds);
            }
            for (int i = 0; i < problems; i++) {
                p[i] = rng.nextInt(problems);
            }
            double v = statistic.of(s, p);
            if (!Double.isNaN(v)) {
                values[n++] = v;
            }
        }
        if (n == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN, 0);
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return new Interval(estimate, quantile(sorted, 0.025), quantile(sorted, 0.975), n);
    }

    /** The q-quantile of sorted values (nearest rank, so ±∞ stay ±∞). */
    static double quantile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
