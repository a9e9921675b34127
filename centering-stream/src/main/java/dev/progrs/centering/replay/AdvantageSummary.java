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
        Accumulator a = new Accumulator(label);
        stream.forEach(a::add);
        return a.summary();
    }

    /** The figures of a stream read one record at a time, in constant memory. */
    public static final class Accumulator {
        private final String label;
        private long groups;
        private long partial;
        private long samples;
        private long incorrect;
        private long incorrectPositive;
        private long correct;
        private double bonusCorrect;
        private double bonusIncorrect;
        private double advCorrect;
        private double advIncorrect;
        private long violations;
        private long groupsViolating;
        private long zeroVariance;
        private String settings;

        /** @param label the stream's name in the report */
        public Accumulator(String label) {
            this.label = label;
        }

        /** Adds one group's record. */
        public void add(GroupAdvantages g) {
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

        /** @return the figures so far; means are NaN over an empty set */
        public AdvantageSummary summary() {
            return new AdvantageSummary(label, settings == null ? "-" : settings, groups, partial, samples, incorrect,
                    ratio(incorrectPositive, incorrect), ratio(bonusCorrect, correct), ratio(bonusIncorrect, incorrect),
                    ratio(advCorrect, correct), ratio(advIncorrect, incorrect), violations, groupsViolating, zeroVariance);
        }
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
