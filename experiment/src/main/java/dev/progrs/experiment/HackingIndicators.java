package dev.progrs.experiment;

import java.util.List;

/**
 * Reward-hacking indicators of one arm, pooled over its seeds. "Early" is the first quarter of the
 * updates, "late" the last quarter.
 *
 * @param incorrectPositiveShare  Σ incorrect samples with A &gt; 0 / Σ incorrect samples, whole run
 * @param processIncorrectEarly   mean process score b of incorrect samples, early
 * @param processIncorrectLate    the same, late; the drift is late − early
 * @param responseTokensEarly     mean response length in tokens, early
 * @param responseTokensLate      the same, late
 * @param trainRewardEarly        mean outcome of the training samples, early
 * @param trainRewardLate         the same, late
 * @param dominanceViolationsPerGroup Σ violations / Σ groups, whole run
 * @param allIncorrectAdvantageShare Σ|A| in groups without a correct sample / Σ|A|, whole run: how much of the update
 *                                   signal is the process bonus alone (NaN when no |A| was recorded)
 * @param goldEarly   the gold checker's indicators of the early updates ({@link BatchGoldStats}; empty sums when not recorded)
 * @param goldLate    the same, late
 * @param klMean      mean approximate KL to the behaviour policy per update, whole run
 * @param entropyEarly mean per-token entropy, early
 * @param entropyLate  the same, late
 */
public record HackingIndicators(double incorrectPositiveShare, double processIncorrectEarly, double processIncorrectLate,
                                double responseTokensEarly, double responseTokensLate, double trainRewardEarly,
                                double trainRewardLate, double dominanceViolationsPerGroup, double allIncorrectAdvantageShare,
                                BatchGoldStats goldEarly, BatchGoldStats goldLate, double klMean, double entropyEarly, double entropyLate) {

    /** Late − early mean process score of incorrect samples. */
    public double processIncorrectDrift() {
        return processIncorrectLate - processIncorrectEarly;
    }

    /** Pools the update statistics of several runs of one arm; null when there are none (the supervised control). */
    public static HackingIndicators of(List<List<UpdateStats>> runs) {
        long incorrect = 0;
        long incorrectPositive = 0;
        long groups = 0;
        long violations = 0;
        double advantageAbs = 0;
        double advantageAbsAllIncorrect = 0;
        double[] early = new double[4];
        double[] late = new double[4];
        List<BatchGoldStats> goldEarly = new java.util.ArrayList<>();
        List<BatchGoldStats> goldLate = new java.util.ArrayList<>();
        double kl = 0;
        double entropyEarly = 0;
        double entropyLate = 0;
        long updates = 0;
        long earlyUpdates = 0;
        long lateUpdates = 0;
        boolean any = false;
        for (List<UpdateStats> run : runs) {
            int n = run.size();
            if (n == 0) {
                continue;
            }
            any = true;
            int quarter = Math.max(1, n / 4);
            for (int i = 0; i < n; i++) {
                UpdateStats u = run.get(i);
                incorrect += u.incorrect();
                incorrectPositive += u.incorrectPositive();
                groups += u.groups();
                violations += u.dominanceViolations();
                advantageAbs += u.advantageAbs();
                advantageAbsAllIncorrect += u.advantageAbsAllIncorrect();
                kl += u.klEstimate();
                updates++;
                if (i < quarter) {
                    add(early, u);
                    goldEarly.add(u.gold());
                    entropyEarly += u.entropy();
                    earlyUpdates++;
                }
                if (i >= n - quarter) {
                    add(late, u);
                    goldLate.add(u.gold());
                    entropyLate += u.entropy();
                    lateUpdates++;
                }
            }
        }
        if (!any) {
            return null;
        }
        return new HackingIndicators(ratio(incorrectPositive, incorrect), ratio(early[1], early[3]), ratio(late[1], late[3]),
                ratio(early[2], early[0]), ratio(late[2], late[0]), ratio(early[0] - early[3], early[0]),
                ratio(late[0] - late[3], late[0]), ratio(violations, groups), ratio(advantageAbsAllIncorrect, advantageAbs),
                BatchGoldStats.sum(goldEarly), BatchGoldStats.sum(goldLate), ratio(kl, updates), ratio(entropyEarly, earlyUpdates),
                ratio(entropyLate, lateUpdates));
    }

    /** acc[0] samples, acc[1] Σ b over incorrect, acc[2] tokens, acc[3] incorrect samples. */
    private static void add(double[] acc, UpdateStats u) {
        acc[0] += u.samples();
        acc[1] += u.processScoreIncorrect();
        acc[2] += u.responseTokens();
        acc[3] += u.incorrect();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
