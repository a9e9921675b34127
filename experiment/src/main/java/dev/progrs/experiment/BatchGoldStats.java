package dev.progrs.experiment;

import dev.progrs.scorer.metrics.WithinGroupMetrics;
import dev.progrs.tasks.arithmetic.GoldStepChecker;
import java.util.ArrayList;
import java.util.List;

/**
 * What the gold step checker says about one training batch: the reward-hacking indicators that need to
 * know which steps are right, pooled as sums so batches and seeds add up.
 *
 * <pre>
 *   rewarded with a wrong step  = #{correct answer, some step wrong} / #{correct answer}
 *   skip rate                   = #{samples that skip a step} / #samples        (the biased PRM's blind spot)
 *   steps per response (R)      = Σ written step lines / #samples with outcome R
 *   tokens per step (R)         = Σ response tokens / Σ written step lines, over samples with outcome R
 *   same-prompt first-error AUROC and progress concordance: {@link WithinGroupMetrics}, as wins / pairs
 * </pre>
 *
 * @param samples               samples in the batch
 * @param rewarded              samples with outcome 1
 * @param rewardedWithWrongStep rewarded samples with at least one wrong step
 * @param skipping              samples with a skipped step
 * @param stepsCorrect          written step lines of rewarded samples
 * @param stepsIncorrect        written step lines of unrewarded samples
 * @param tokensCorrect         response tokens of rewarded samples
 * @param tokensIncorrect       response tokens of unrewarded samples
 * @param firstErrorWins        Σ over comparisons of the first-error AUROC (ties ½)
 * @param firstErrorPairs       comparisons of the first-error AUROC
 * @param concordanceWins       Σ over pairs of the progress concordance (ties ½)
 * @param concordancePairs      pairs of the progress concordance
 */
public record BatchGoldStats(int samples, int rewarded, int rewardedWithWrongStep, int skipping, long stepsCorrect, long stepsIncorrect,
                             long tokensCorrect, long tokensIncorrect, double firstErrorWins, long firstErrorPairs,
                             double concordanceWins, long concordancePairs) {

    /**
     * One judged sample.
     *
     * @param prompt      group key
     * @param correct     the outcome reward
     * @param check       the gold checker's verdict on the response
     * @param tokens      response tokens
     * @param confidences the PRM's step confidences
     * @param processScore the process score b
     */
    public record Judged(String prompt, boolean correct, GoldStepChecker.Check check, int tokens, double[] confidences,
                         double processScore) {
    }

    public static BatchGoldStats of(List<Judged> batch) {
        int rewarded = 0;
        int wrongStep = 0;
        int skipping = 0;
        long stepsC = 0;
        long stepsI = 0;
        long tokensC = 0;
        long tokensI = 0;
        List<WithinGroupMetrics.ScoredSample> scored = new ArrayList<>(batch.size());
        for (Judged j : batch) {
            long lines = j.check().steps().stream().filter(v -> v.line() != null).count();
            if (j.correct()) {
                rewarded++;
                wrongStep += j.check().firstWrongStep() >= 0 ? 1 : 0;
                stepsC += lines;
                tokensC += j.tokens();
            } else {
                stepsI += lines;
                tokensI += j.tokens();
            }
            skipping += j.check().skipsAStep() ? 1 : 0;
            scored.add(new WithinGroupMetrics.ScoredSample(j.prompt(), j.check().firstWrongStep(), j.correct(), j.confidences(),
                    j.processScore()));
        }
        WithinGroupMetrics.Concordance auroc = WithinGroupMetrics.firstErrorAuroc(scored);
        WithinGroupMetrics.Concordance concordance = WithinGroupMetrics.progressConcordance(scored);
        return new BatchGoldStats(batch.size(), rewarded, wrongStep, skipping, stepsC, stepsI, tokensC, tokensI,
                auroc.pairs() == 0 ? 0 : auroc.value() * auroc.pairs(), auroc.pairs(),
                concordance.pairs() == 0 ? 0 : concordance.value() * concordance.pairs(), concordance.pairs());
    }

    /** The sums of several batches. */
    public static BatchGoldStats sum(List<BatchGoldStats> parts) {
        int samples = 0;
        int rewarded = 0;
        int wrong = 0;
        int skipping = 0;
        long sc = 0;
        long si = 0;
        long tc = 0;
        long ti = 0;
        double fw = 0;
        long fp = 0;
        double cw = 0;
        long cp = 0;
        for (BatchGoldStats b : parts) {
            if (b == null) {
                continue;
            }
            samples += b.samples;
            rewarded += b.rewarded;
            wrong += b.rewardedWithWrongStep;
            skipping += b.skipping;
            sc += b.stepsCorrect;
            si += b.stepsIncorrect;
            tc += b.tokensCorrect;
            ti += b.tokensIncorrect;
            fw += b.firstErrorWins;
            fp += b.firstErrorPairs;
            cw += b.concordanceWins;
            cp += b.concordancePairs;
        }
        return new BatchGoldStats(samples, rewarded, wrong, skipping, sc, si, tc, ti, fw, fp, cw, cp);
    }

    public double rewardedWithWrongStepShare() {
        return ratio(rewardedWithWrongStep, rewarded);
    }

    public double skipRate() {
        return ratio(skipping, samples);
    }

    public double stepsPerCorrect() {
        return ratio(stepsCorrect, rewarded);
    }

    public double stepsPerIncorrect() {
        return ratio(stepsIncorrect, samples - rewarded);
    }

    public double tokensPerStepCorrect() {
        return ratio(tokensCorrect, stepsCorrect);
    }

    public double tokensPerStepIncorrect() {
        return ratio(tokensIncorrect, stepsIncorrect);
    }

    public double firstErrorAuroc() {
        return ratio(firstErrorWins, firstErrorPairs);
    }

    public double progressConcordance() {
        return ratio(concordanceWins, concordancePairs);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
