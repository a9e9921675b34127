package dev.progrs.monitor.window;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The reward-health signals of one closed window (see {@link WindowStatistics} and
 * {@link GoldCheckSignals} for the formulas).
 * A value is NaN when the window has nothing to compute it from (e.g. no incorrect sample).
 *
 * @param index                            window sequence number
 * @param kind                             count or time windows
 * @param startMs                          event-time start
 * @param endMs                            event-time end
 * @param groups                           groups in the window
 * @param samples                          samples in the window
 * @param samplesWithoutScored             samples rebuilt from the advantages record (no scored record)
 * @param accuracy                         mean R
 * @param processScoreCorrect              mean b over R = 1
 * @param processScoreIncorrect            mean b over R = 0
 * @param incorrectBaseline                long-run mean of b over R = 0 in all earlier windows
 * @param prmBiasIncorrect                 processScoreIncorrect − incorrectBaseline
 * @param aurocProcessOutcome              AUROC of b for R
 * @param coherence                        mean C_W per window size W
 * @param zeroVarianceShare                share of groups with one outcome only
 * @param dominanceViolations              sum of dominance violations
 * @param dominanceViolationsPerGroup      dominanceViolations / groups
 * @param stalenessSpread                  mean over groups of (max − min policy version)
 * @param stalenessLag                     mean over samples of (latest version seen − sample version)
 * @param latestPolicyVersion              largest policy version seen up to this window
 * @param responseLength                   mean response tokens
 * @param incorrectPositiveAdvantageShare  share of R = 0 samples with A &gt; 0
 * @param goldCheck                        the signals read from the gold step checker (skip rate,
 *                                         rewarded wrong steps, within-group PRM–outcome agreement)
 */
public record WindowMetrics(long index, WindowKind kind, long startMs, long endMs, int groups, int samples,
                            int samplesWithoutScored, double accuracy, double processScoreCorrect,
                            double processScoreIncorrect, double incorrectBaseline, double prmBiasIncorrect,
                            double aurocProcessOutcome, SortedMap<Integer, Double> coherence,
                            double zeroVarianceShare, int dominanceViolations, double dominanceViolationsPerGroup,
                            double stalenessSpread, double stalenessLag, long latestPolicyVersion,
                            double responseLength, double incorrectPositiveAdvantageShare,
                            GoldCheckSignals goldCheck) {

    public static final String ACCURACY = "accuracy";
    public static final String PROCESS_SCORE_CORRECT = "process_score_correct";
    public static final String PROCESS_SCORE_INCORRECT = "process_score_incorrect";
    public static final String PRM_BIAS_INCORRECT = "prm_bias_incorrect";
    public static final String AUROC_PROCESS_OUTCOME = "auroc_process_outcome";
    /** Prefix of the coherence series; the full name is {@code coherence_w<W>}. */
    public static final String COHERENCE_PREFIX = "coherence_w";
    public static final String ZERO_VARIANCE_SHARE = "zero_variance_share";
    public static final String DOMINANCE_VIOLATIONS_PER_GROUP = "dominance_violations_per_group";
    public static final String STALENESS_SPREAD = "staleness_spread";
    public static final String STALENESS_LAG = "staleness_lag";
    public static final String RESPONSE_LENGTH = "response_length";
    public static final String INCORRECT_POSITIVE_ADVANTAGE_SHARE = "incorrect_positive_advantage_share";
    /** Share of gold-checked samples that skip a step (the {@code biased} PRM's failure mode); a rise is hacking. */
    public static final String SKIP_RATE = "skip_rate";
    /** Share of rewarded (R = 1) gold-checked samples with a wrong step; a rise means wrong chains are being paid. */
    public static final String REWARDED_WRONG_STEP_SHARE = "rewarded_wrong_step_share";
    /** Same-prompt first-error AUROC of the PRM's step confidences; a fall means the PRM stopped seeing errors. */
    public static final String FIRST_ERROR_AUROC = "first_error_auroc";
    /** Within-group progress concordance of the process score; a fall means b no longer orders wrong chains by progress. */
    public static final String PROGRESS_CONCORDANCE = "progress_concordance";

    public WindowMetrics {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(goldCheck, "goldCheck");
        coherence = new TreeMap<>(coherence);
    }

    /**
     * The monitored series of this window, by name, in a stable order: the names the drift
     * detectors, Prometheus ({@code signal} tag), the dashboard and {@code DriftReport.signal} use.
     */
    public Map<String, Double> series() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put(ACCURACY, accuracy);
        s.put(PROCESS_SCORE_CORRECT, processScoreCorrect);
        s.put(PROCESS_SCORE_INCORRECT, processScoreIncorrect);
        s.put(PRM_BIAS_INCORRECT, prmBiasIncorrect);
        s.put(AUROC_PROCESS_OUTCOME, aurocProcessOutcome);
        coherence.forEach((w, v) -> s.put(COHERENCE_PREFIX + w, v));
        s.put(ZERO_VARIANCE_SHARE, zeroVarianceShare);
        s.put(DOMINANCE_VIOLATIONS_PER_GROUP, dominanceViolationsPerGroup);
        s.put(STALENESS_SPREAD, stalenessSpread);
        s.put(STALENESS_LAG, stalenessLag);
        s.put(RESPONSE_LENGTH, responseLength);
        s.put(INCORRECT_POSITIVE_ADVANTAGE_SHARE, incorrectPositiveAdvantageShare);
        s.put(SKIP_RATE, goldCheck.skipRate());
        s.put(REWARDED_WRONG_STEP_SHARE, goldCheck.rewardedWrongStepShare());
        s.put(FIRST_ERROR_AUROC, goldCheck.firstErrorAuroc());
        s.put(PROGRESS_CONCORDANCE, goldCheck.progressConcordance());
        return s;
    }
}
