package dev.progrs.centering.maths;

/**
 * PROGRS advantages of one prompt group (docs/method.md §§3–4), a pure function:
 *
 * <pre>
 *   b̃     = bonus-scale(centering(R, b))           {@link CenteringMode}, then {@link BonusScale} per centred set
 *   A_out = std-normalise(R)                       {@link StdMode}, 0 for K = 1 or equal R
 *   A     = mixing(R, s·b̃, λ, std)                 {@link MixingMode}; advantage: A_out + λ·s·b̃
 *   s     = 1, or the guard's scale                {@link DominanceGuard} when dominance-guard is on
 *   V     = |{(c, i) : R_c = 1, R_i = 0, A_c ≤ A_i}|  {@link OutcomeDominance}
 * </pre>
 */
public final class ProgrsAdvantages {

    /** ε added to the std in the GRPO normalisation. */
    public static final double EPSILON = 1e-6;

    private ProgrsAdvantages() {
    }

    /**
     * @param outcomes      R_1..R_K, each exactly 0 or 1
     * @param processScores b_1..b_K, finite
     * @param config        centering, mixing, λ, std, guard, bonus scale
     * @return centred (and scaled) bonus, A_out, A, violations, zero-variance flag and guard scale
     * @throws IllegalArgumentException if the arrays differ in length, an outcome is not 0/1 or a score is not finite
     */
    public static AdvantageResult compute(double[] outcomes, double[] processScores, CenteringConfig config) {
        if (outcomes.length != processScores.length) {
            throw new IllegalArgumentException(outcomes.length + " outcomes but " + processScores.length + " process scores");
        }
        for (int i = 0; i < processScores.length; i++) {
            if (!Double.isFinite(processScores[i])) {
                throw new IllegalArgumentException("process score b_" + i + " is not finite: " + processScores[i]);
            }
        }
        boolean[] correct = OutcomeSets.correct(outcomes);
        // the guard and the dominance count see the scaled bonus: it is what enters the advantage
        double[] centred = config.bonusScale().scale(config.centering().centre(outcomes, processScores),
                config.centering().centredSets(outcomes));
        double[] outcomeAdvantage = config.std().normalise(outcomes);
        double[] unscaled = config.mixing().mix(outcomes, centred, config.lambda(), config.std());
        int before = OutcomeDominance.violations(outcomes, unscaled);
        double scale = 1.0;
        double[] advantage = unscaled;
        if (config.dominanceGuard() && before > 0) {
            scale = DominanceGuard.scale(outcomes, centred, config.lambda(), config.mixing(), config.std());
            advantage = config.mixing().mix(outcomes, centred, scale * config.lambda(), config.std());
        }
        int after = before == 0 ? 0 : OutcomeDominance.violations(outcomes, advantage);
        return new AdvantageResult(centred, outcomeAdvantage, advantage, before, after, !OutcomeSets.mixed(correct), scale);
    }
}
