package dev.progrs.centering.replay;

import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.Collection;
import java.util.Locale;

/**
 * Reward-health figures of one advantage stream (the replay report compares two), computed from its
 * {@code GroupAdvantages} records.
 *
 * @param label                   name of the stream in reports
 * @param settings                the centering settings of its records, e.g. {@code incorrect/advantage λ=0.1 std=unbiased guard=off}
 *                                ({@code mixed} if the records disagree)
 * @param groups                  records read
 * @param partialGroups           records emitted as partial
 * @param samples                 samples in them
 * @param incorrectSamples        samples with R = 0
 * @param shareIncorrectPositive  share of incorrect samples with A &gt; 0 (the reward-hacking signal)
 * @param meanBonusCorrect        mean centred bonus b̃ of correct samples
 * @param meanBonusIncorrect      mean centred bonus b̃ of incorrect samples
 * @param meanAdvantageCorrect    mean A of correct samples
 * @param meanAdvantageIncorrect  mean A of incorrect samples
 * @param dominanceViolations     Σ over groups of (correct, incorrect) pairs with A_c ≤ A_i
 * @param groupsWithViolations    groups with at least one violation
 * @param zeroVarianceGroups      groups whose samples share one outcome
 */
public record AdvantageSummary(String label, String settings, long groups, long partialGroups, long samples,
                               long incorrectSamples, double shareIncorrectPositive, double meanBonusCorrect,
                               double meanBonusIncorrect, double meanAdvantageCorrect, double meanAdvantageIncorrect,
                               long dominanceViolations, long groupsWithViolations, long zeroVarianceGroups) {

    /**
     * @param label  the stream's name in the report
     * @param stream its records (one per group)
     * @return the figures; means are NaN over an empty set
     */
    public static AdvantageSummary of(String label, Collection<GroupAdvantages> stream) {
        long groups = 0;
        long partial = 0;
        long samples = 0;
        long incorrect = 0;
        long incorrectPositive = 0;
        long correct = 0;
        double bonusCorrect = 0;
        double bonusIncorrect = 0;
        double advCorrect = 0;
        double advIncorrect = 0;
        long violations = 0;
        long groupsViolating = 0;
        long zeroVariance = 0;
        String settings = null;
        for (GroupAdvantages g : stream) {
            groups++;
            partial += g.getPartial() ? 1 : 0;
            violations += g.getDominanceViolations();
            groupsViolating += g.getDominanceViolations() > 0 ? 1 : 0;
            zeroVariance += g.getZeroVarianceOutcome() ? 1 : 0;
            String s = describe(g.getCentering());
            settings = settings == null || settings.equals(s) ? s : "mixed";
            for (SampleAdvantage a : g.getSamples()) {
                samples++;
                if (a.getOutcome() == 1.0) {
                    correct++;
                    bonusCorrect += a.getCentredBonus();
                    advCorrect += a.getAdvantage();
                } else {
                    incorrect++;
                    bonusIncorrect += a.getCentredBonus();
                    advIncorrect += a.getAdvantage();
                    incorrectPositive += a.getAdvantage() > 0 ? 1 : 0;
                }
            }
        }
        return new AdvantageSummary(label, settings == null ? "-" : settings, groups, partial, samples, incorrect,
                ratio(incorrectPositive, incorrect), ratio(bonusCorrect, correct), ratio(bonusIncorrect, incorrect),
                ratio(advCorrect, correct), ratio(advIncorrect, incorrect), violations, groupsViolating, zeroVariance);
    }

    /** @return e.g. {@code incorrect/advantage λ=0.1 std=unbiased guard=off bonus=raw} */
    public static String describe(CenteringSettings s) {
        return String.format(Locale.ROOT, "%s/%s λ=%s std=%s guard=%s bonus=%s", s.getMode(), s.getMixing(), s.getLambda(),
                s.getStd(), s.getDominanceGuard() ? "on" : "off", s.getBonusScale());
    }

    private static double ratio(double sum, long n) {
        return n == 0 ? Double.NaN : sum / n;
    }
}
