package dev.progrs.models.eval;

import java.util.Locale;

/**
 * The change of held-out Pass@1 between two evaluations of one run on the same problems, with a paired
 * bootstrap 95% interval over the problems ({@link TwoWayBootstrap}, one seed):
 * <pre>
 *   Δ = (1/|P|) Σ_p (c_after(p) − c_before(p)) / n        c(p): correct answers of problem p out of n
 * </pre>
 */
public final class HeldOutChange {

    private HeldOutChange() {
    }

    /** @param n answers per problem (1 for greedy) */
    public static TwoWayBootstrap.Interval of(PassAtOne before, PassAtOne after, int n) {
        int[] b = before.correctPerProblem(n);
        int[] a = after.correctPerProblem(n);
        if (a.length != b.length) {
            throw new IllegalArgumentException("the two evaluations cover " + b.length + " and " + a.length + " problems");
        }
        return TwoWayBootstrap.of((seeds, problems) -> {
            double sum = 0;
            for (int p : problems) {
                sum += (a[p] - b[p]) / (double) n;
            }
            return sum / problems.length;
        }, 1, a.length, 20261201L);
    }

    /** e.g. {@code 35.4% -> 60.7% (+25.4 points, 95% interval [+22.1, +28.6] over 336 problems)}. */
    public static String describe(PassAtOne before, PassAtOne after, int n) {
        TwoWayBootstrap.Interval i = of(before, after, n);
        return String.format(Locale.ROOT, "%.1f%% -> %.1f%% (%+.1f points, paired bootstrap 95%% interval [%+.1f, %+.1f] over %d problems)",
                100 * before.overall(), 100 * after.overall(), 100 * i.estimate(), 100 * i.low(), 100 * i.high(), before.total() / n);
    }
}
