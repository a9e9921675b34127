package dev.progrs.monitor.window;

import dev.progrs.scorer.metrics.Auroc;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the signals of each closed window, keeping the two pieces of long-run state they need
 * (the incorrect samples' mean process score over all earlier windows, and the latest policy
 * version). Over the window's groups G and samples S (S⁰: R = 0, S¹: R = 1):
 *
 * <pre>
 *   accuracy                  = mean_{i∈S} R_i
 *   process_score_correct     = mean_{i∈S¹} b_i           process_score_incorrect = mean_{i∈S⁰} b_i
 *   prm_bias_incorrect        = mean_{i∈S⁰} b_i − (Σ b over S⁰ of all earlier windows) / |S⁰ of all earlier windows|
 *   auroc_process_outcome     = AUROC(b, R)                (Mann–Whitney with mid-ranks, {@link Auroc} of the scorer)
 *   coherence_w&lt;W&gt;           = mean_{i∈S, C_W known} C_{W,i}
 *   zero_variance_share       = |{g ∈ G : all R equal}| / |G|
 *   dominance_violations_per_group = Σ_g violations_g / |G|
 *   staleness_spread          = mean_{g∈G} (v_max,g − v_min,g)
 *   staleness_lag             = mean_{i∈S} (v_latest − v_i),  v_latest = max version seen up to this window
 *   response_length           = mean_{i∈S} |response tokens|
 *   incorrect_positive_advantage_share = |{i ∈ S⁰ : A_i &gt; 0}| / |S⁰|   (A_i and R_i from the advantages record)
 *   skip_rate, rewarded_wrong_step_share, first_error_auroc, progress_concordance:
 *                             over the samples the gold step checker read, see {@link GoldCheckSignals}
 * </pre>
 *
 * The bias is NaN in the first window that has incorrect samples (no long-run mean yet). Call
 * {@link #next} once per window, in window order. Not thread-safe.
 */
public final class WindowStatistics {
    private double incorrectScoreSum;
    private long incorrectCount;
    private long latestPolicyVersion = Long.MIN_VALUE;

    /** Signals of {@code window}; then folds the window into the long-run state. */
    public WindowMetrics next(ClosedWindow window) {
        double baseline = incorrectCount == 0 ? Double.NaN : incorrectScoreSum / incorrectCount;
        long latest = latestPolicyVersion;
        for (JoinedGroup g : window.groups()) {
            latest = Math.max(latest, g.group().policyVersionMax());
            for (SampleObservation s : g.samples()) {
                latest = Math.max(latest, s.policyVersion());
            }
        }
        WindowMetrics m = compute(window, baseline, latest);
        for (JoinedGroup g : window.groups()) {
            for (SampleObservation s : g.samples()) {
                if (!s.correct()) {
                    incorrectScoreSum += s.processScore();
                    incorrectCount++;
                }
            }
        }
        latestPolicyVersion = latest;
        return m;
    }

    /**
     * The signals of one window given the long-run state (pure).
     *
     * @param window            the window
     * @param incorrectBaseline long-run mean b of incorrect samples before this window (NaN: none)
     * @param latestVersion     latest policy version seen up to and including this window
     */
    public static WindowMetrics compute(ClosedWindow window, double incorrectBaseline, long latestVersion) {
        int groups = window.groups().size();
        int n = 0;
        int rebuilt = 0;
        double outcomeSum = 0;
        double correctSum = 0;
        int correctN = 0;
        double incorrectSum = 0;
        int incorrectN = 0;
        double lengthSum = 0;
        double lagSum = 0;
        Map<Integer, double[]> coherence = new TreeMap<>();
        int zeroVariance = 0;
        int violations = 0;
        double spreadSum = 0;
        int incorrectAdv = 0;
        int incorrectAdvPositive = 0;
        for (JoinedGroup g : window.groups()) {
            rebuilt += g.samplesFromAdvantages();
            n += g.samples().size();
            for (SampleObservation s : g.samples()) {
                outcomeSum += s.outcome();
                if (s.correct()) {
                    correctSum += s.processScore();
                    correctN++;
                } else {
                    incorrectSum += s.processScore();
                    incorrectN++;
                }
                lengthSum += s.responseLength();
                lagSum += latestVersion - s.policyVersion();
                s.coherence().forEach((w, c) -> {
                    double[] acc = coherence.computeIfAbsent(w, k -> new double[2]);
                    acc[0] += c;
                    acc[1]++;
                });
            }
            GroupObservation go = g.group();
            if (go.zeroVarianceOutcome()) {
                zeroVariance++;
            }
            violations += go.dominanceViolations();
            spreadSum += go.policyVersionMax() - go.policyVersionMin();
            for (GroupObservation.SampleAdvantageView a : go.samples()) {
                if (a.outcome() < 0.5) {
                    incorrectAdv++;
                    if (a.advantage() > 0) {
                        incorrectAdvPositive++;
                    }
                }
            }
        }
        double[] scores = new double[n];
        boolean[] correct = new boolean[n];
        int k = 0;
        for (JoinedGroup g : window.groups()) {
            for (SampleObservation s : g.samples()) {
                scores[k] = s.processScore();
                correct[k++] = s.correct();
            }
        }
        TreeMap<Integer, Double> coherenceMeans = new TreeMap<>();
        coherence.forEach((w, acc) -> coherenceMeans.put(w, acc[0] / acc[1]));
        double meanIncorrect = ratio(incorrectSum, incorrectN);
        return new WindowMetrics(window.index(), window.kind(), window.startMs(), window.endMs(), groups, n, rebuilt,
                ratio(outcomeSum, n), ratio(correctSum, correctN), meanIncorrect, incorrectBaseline,
                meanIncorrect - incorrectBaseline, Auroc.of(scores, correct), coherenceMeans,
                ratio(zeroVariance, groups), violations, ratio(violations, groups), ratio(spreadSum, groups),
                ratio(lagSum, n), latestVersion, ratio(lengthSum, n), ratio(incorrectAdvPositive, incorrectAdv),
                GoldCheckSignals.of(window.groups()));
    }

    private static double ratio(double num, double den) {
        return den == 0 ? Double.NaN : num / den;
    }
}
