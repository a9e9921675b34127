package dev.progrs.cli.run;

import dev.progrs.learner.grpo.AllIncorrectShare;
import dev.progrs.scorer.metrics.Auroc;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;

/**
 * Training statistics of a run, from its {@code GroupAdvantages} records, in chunks of
 * {@code groupsPerPoint} groups: each point summarises the groups of one chunk.
 * Pure accumulation: no Kafka, no I/O; thread-safe.
 */
public final class TrainingSeries {
    /**
     * One chunk of groups.
     *
     * @param rollouts                 samples seen up to and including this chunk
     * @param groups                   groups in the chunk
     * @param trainReward              mean outcome R of the chunk's samples
     * @param incorrectPositiveShare   share of incorrect samples whose advantage is &gt; 0 (reward-hacking indicator)
     * @param meanBonusCorrect         mean centred bonus b̃ of correct samples
     * @param meanBonusIncorrect       mean centred bonus b̃ of incorrect samples
     * @param meanProcessIncorrect     mean raw process score b of incorrect samples (PRM drift on incorrect samples)
     * @param processAuroc             AUROC of the process score b for the outcome (NaN if one class is missing)
     * @param dominanceViolations      (correct, incorrect) pairs out of order, summed over the chunk
     * @param zeroVarianceShare        share of groups whose samples all share one outcome
     * @param meanAbsAdvantage         mean |A|
     * @param allIncorrectAdvantageShare share of the chunk's Σ|A| in groups without a correct sample (all process bonus,
     *                                 {@link AllIncorrectShare}); 0 when Σ|A| = 0
     * @param meanResponseTokens       mean response length in tokens
     * @param meanStaleness            mean of (newest version in the group − oldest)
     * @param policyVersionMax         newest behaviour policy version seen in the chunk
     */
    public record Point(long rollouts, int groups, double trainReward, double incorrectPositiveShare, double meanBonusCorrect,
                        double meanBonusIncorrect, double meanProcessIncorrect, double processAuroc, long dominanceViolations,
                        double zeroVarianceShare, double meanAbsAdvantage, double allIncorrectAdvantageShare, double meanResponseTokens,
                        double meanStaleness, long policyVersionMax) {
    }

    private final int groupsPerPoint;
    private final List<Point> points = new ArrayList<>();
    private final List<GroupAdvantages> pending = new ArrayList<>();
    private long rollouts;
    private long groups;
    private long outcomesSum;
    private AllIncorrectShare advantageMass = AllIncorrectShare.NONE;

    public TrainingSeries(int groupsPerPoint) {
        if (groupsPerPoint < 1) {
            throw new IllegalArgumentException("groups per point must be >= 1, got " + groupsPerPoint);
        }
        this.groupsPerPoint = groupsPerPoint;
    }

    /** Adds one group; closes a point when the chunk is full. */
    public synchronized void add(GroupAdvantages group) {
        pending.add(group);
        groups++;
        for (SampleAdvantage s : group.getSamples()) {
            rollouts++;
            outcomesSum += s.getOutcome() > 0.5 ? 1 : 0;
        }
        advantageMass = advantageMass.plus(AllIncorrectShare.of(List.of(group)));
        if (pending.size() >= groupsPerPoint) {
            points.add(summarise(pending, rollouts));
            pending.clear();
        }
    }

    /** Closed points so far. */
    public synchronized List<Point> points() {
        return List.copyOf(points);
    }

    /** The last closed point, or a summary of the pending groups if none closed yet; null when empty. */
    public synchronized Point latest() {
        if (!pending.isEmpty() && points.isEmpty()) {
            return summarise(pending, rollouts);
        }
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    public synchronized long rollouts() {
        return rollouts;
    }

    public synchronized long groups() {
        return groups;
    }

    /** Share of Σ|A| over every group seen that the groups without a correct sample carry; 0 before any |A|. */
    public synchronized double overallAllIncorrectShare() {
        return advantageMass.share();
    }

    /** Mean outcome over every sample seen. */
    public synchronized double overallReward() {
        return rollouts == 0 ? Double.NaN : outcomesSum / (double) rollouts;
    }

    static Point summarise(List<GroupAdvantages> chunk, long rolloutsSoFar) {
        int n = 0;
        int correct = 0;
        int incorrect = 0;
        int incorrectPositive = 0;
        double bonusCorrect = 0;
        double bonusIncorrect = 0;
        double processIncorrect = 0;
        double absAdvantage = 0;
        double tokens = 0;
        long violations = 0;
        int zeroVariance = 0;
        double staleness = 0;
        long versionMax = Long.MIN_VALUE;
        List<Double> scores = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        for (GroupAdvantages g : chunk) {
            violations += g.getDominanceViolations();
            zeroVariance += g.getZeroVarianceOutcome() ? 1 : 0;
            staleness += g.getPolicyVersionMax() - g.getPolicyVersionMin();
            versionMax = Math.max(versionMax, g.getPolicyVersionMax());
            for (SampleAdvantage s : g.getSamples()) {
                n++;
                boolean ok = s.getOutcome() > 0.5;
                absAdvantage += Math.abs(s.getAdvantage());
                tokens += s.getResponseTokenIds().size();
                scores.add(s.getProcessScore());
                labels.add(ok);
                if (ok) {
                    correct++;
                    bonusCorrect += s.getCentredBonus();
                } else {
                    incorrect++;
                    bonusIncorrect += s.getCentredBonus();
                    processIncorrect += s.getProcessScore();
                    incorrectPositive += s.getAdvantage() > 0 ? 1 : 0;
                }
            }
        }
        double[] sc = scores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] lb = new boolean[labels.size()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = labels.get(i);
        }
        double auroc = correct == 0 || incorrect == 0 ? Double.NaN : Auroc.of(sc, lb);
        return new Point(rolloutsSoFar, chunk.size(), ratio(correct, n), ratio(incorrectPositive, incorrect),
                correct == 0 ? Double.NaN : bonusCorrect / correct, incorrect == 0 ? Double.NaN : bonusIncorrect / incorrect,
                incorrect == 0 ? Double.NaN : processIncorrect / incorrect, auroc, violations, ratio(zeroVariance, chunk.size()),
                n == 0 ? Double.NaN : absAdvantage / n, AllIncorrectShare.of(chunk).share(), n == 0 ? Double.NaN : tokens / n,
                chunk.isEmpty() ? Double.NaN : staleness / chunk.size(), versionMax);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }
}
