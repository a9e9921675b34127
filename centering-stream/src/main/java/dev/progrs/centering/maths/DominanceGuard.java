package dev.progrs.centering.maths;

/**
 * The dominance guard (docs/method.md §4, {@code dominance-guard: on}): the largest scale s ∈ [0, 1]
 * for the bonus, A(s) = mix(R, s·b̃), that leaves no dominance violation in the group.
 *
 * <p><b>Derivation (analytic).</b> For a correct c and an incorrect i:
 * <ul>
 *   <li>{@code advantage} mixing: A_c(s) − A_i(s) = Δ + s·λ·(b̃_c − b̃_i), with
 *       Δ = A_out,c − A_out,i; every correct sample has the same A_out and so has every
 *       incorrect one, hence Δ is one number per group, Δ = 1/(s_R + ε) &gt; 0 ({@code unbiased})
 *       or 1 ({@code none}).</li>
 *   <li>{@code reward} mixing: A = g(r) with g(x)_k = (x_k − x̄)/(s_x + ε) or x_k − x̄, the same
 *       strictly increasing affine map for every k, so sign(A_c − A_i) = sign(r_c − r_i) and the
 *       difference that matters is r_c − r_i = Δ + s·λ·(b̃_c − b̃_i) with Δ = R_c − R_i = 1.</li>
 * </ul>
 * The pair holds iff Δ + s·λ·(b̃_c − b̃_i) &gt; 0. Pairs with b̃_c ≥ b̃_i hold for every s ≥ 0; the
 * others hold iff s &lt; Δ/(λ·(b̃_i − b̃_c)). The binding pair is the extreme one, so
 *
 * <pre>
 *   g  = max_{i∈I} b̃_i − min_{c∈C} b̃_c
 *   s* = Δ / (λ·g)            (s = 1 when g ≤ 0, λ = 0, or s* &gt; 1)
 *   s  = s*·(1 − {@value #RELATIVE_MARGIN})   the largest scale, to within that relative margin, with V = 0
 * </pre>
 *
 * Floating point can leave a pair exactly on the boundary, so the result is checked by counting
 * violations at s and, if any remain, s is shrunk geometrically (at most {@value #MAX_SHRINKS} times)
 * before falling back to s = 0.
 *
 * <p><b>Why s = 0 always succeeds.</b> At s = 0, A = A_out (or g(R)); for R ∈ {0, 1} with both
 * outcomes present A_out,c − A_out,i = Δ &gt; 0 for every pair, so V(0) = 0. A group with one
 * outcome has no pairs. Hence with the guard on the violation count is always 0.
 */
public final class DominanceGuard {

    /** Relative distance below the boundary scale s*, so that the binding pair is strictly ordered. */
    public static final double RELATIVE_MARGIN = 1e-9;
    /** Bound on the floating-point fallback loop. */
    public static final int MAX_SHRINKS = 64;

    private DominanceGuard() {
    }

    /**
     * @param outcomes     R_1..R_K, each 0 or 1
     * @param centredBonus b̃_1..b̃_K
     * @param lambda       λ ≥ 0
     * @param mixing       how the bonus enters
     * @param std          the group normalisation
     * @return s ∈ [0, 1]; 1 when the unscaled bonus already leaves no violation
     */
    public static double scale(double[] outcomes, double[] centredBonus, double lambda, MixingMode mixing, StdMode std) {
        boolean[] correct = OutcomeSets.correct(outcomes);
        if (!OutcomeSets.mixed(correct) || lambda == 0.0 || violationsAt(1.0, outcomes, centredBonus, lambda, mixing, std) == 0) {
            return 1.0;
        }
        double maxIncorrect = Double.NEGATIVE_INFINITY;
        double minCorrect = Double.POSITIVE_INFINITY;
        for (int k = 0; k < correct.length; k++) {
            if (correct[k]) {
                minCorrect = Math.min(minCorrect, centredBonus[k]);
            } else {
                maxIncorrect = Math.max(maxIncorrect, centredBonus[k]);
            }
        }
        double gap = maxIncorrect - minCorrect;
        double delta = separation(outcomes, correct, mixing, std);
        double boundary = gap > 0 ? Math.min(1.0, delta / (lambda * gap)) : 1.0;
        double s = boundary * (1.0 - RELATIVE_MARGIN);
        double shrink = RELATIVE_MARGIN;
        for (int attempt = 0; attempt < MAX_SHRINKS; attempt++) {
            if (violationsAt(s, outcomes, centredBonus, lambda, mixing, std) == 0) {
                return s;
            }
            shrink *= 2;
            s = boundary * Math.max(0.0, 1.0 - shrink);
        }
        return 0.0;
    }

    /** Δ: the difference that the unscaled outcome part puts between any correct and any incorrect sample. */
    private static double separation(double[] outcomes, boolean[] correct, MixingMode mixing, StdMode std) {
        if (mixing == MixingMode.REWARD) {
            return 1.0;
        }
        double[] outcomeAdvantage = std.normalise(outcomes);
        return OutcomeSets.mean(outcomeAdvantage, correct, true) - OutcomeSets.mean(outcomeAdvantage, correct, false);
    }

    private static int violationsAt(double s, double[] outcomes, double[] centredBonus, double lambda,
                                    MixingMode mixing, StdMode std) {
        return OutcomeDominance.violations(outcomes, mixing.mix(outcomes, centredBonus, s * lambda, std));
    }
}
