package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.PrmModel;
import dev.progrs.scorer.metrics.Auroc;
import dev.progrs.scorer.metrics.QuantileCalibration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How well the fitted PRM's quantiles hold on the held-out rollouts. One forward pass per chunk of
 * rollouts scores all their prefixes; then, per level τ, the coverage P(y &lt; Q_τ) against the
 * dithered labels (what training saw) and against the raw success rates (below and at-or-below,
 * since raw rates tie with quantiles on the bin edges), the pinball loss of both, and the AUROC of
 * Q_0.5 at the last step for the outcome R.
 *
 * @param levels        the quantile levels τ
 * @param coverage      per τ, coverage against the dithered labels
 * @param rawBelow      per τ, P(y_raw &lt; Q_τ)
 * @param rawAtOrBelow  per τ, P(y_raw ≤ Q_τ)
 * @param pinball       pinball loss against the dithered labels
 * @param rawPinball    pinball loss against the raw success rates
 * @param auroc         AUROC of the last step's Q_0.5 for R
 * @param prefixes      held-out step prefixes scored
 * @param medians       Q_0.5 of every scored prefix, for the calibration plot
 * @param rawLabels     the raw success rate of every scored prefix, for the calibration plot
 */
record HeldOutCalibration(double[] levels, double[] coverage, double[] rawBelow, double[] rawAtOrBelow, double pinball,
                          double rawPinball, double auroc, int prefixes, double[] medians, double[] rawLabels) {

    /** Scores {@code heldOut} with {@code prm} and measures its calibration (labels dithered with the seed of {@code c}). */
    static HeldOutCalibration of(TrainPrmConfig c, PrmModel prm, List<Rollout> heldOut) {
        SplittableRandom evalRng = new SplittableRandom(c.seed() * 31 + 11);
        double[] taus = prm.config().levels();
        List<double[]> q = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> yRaw = new ArrayList<>();
        double[] lastMedian = new double[heldOut.size()];
        boolean[] outcome = new boolean[heldOut.size()];
        int median = medianIndex(taus);
        for (int from = 0; from < heldOut.size(); from += PrmFit.EVAL_CHUNK) {
            List<Rollout> part = heldOut.subList(from, Math.min(heldOut.size(), from + PrmFit.EVAL_CHUNK));
            List<double[][]> scores = prm.score(part.stream().map(Rollout::sequence).toList());
            for (int i = 0; i < part.size(); i++) {
                Rollout r = part.get(i);
                double[] dithered = TrainingSplit.labels(r, c.dither(), evalRng);
                double[] raw = r.successRates();
                double[][] s = scores.get(i);
                for (int t = 0; t < s.length; t++) {
                    q.add(s[t]);
                    y.add(dithered[t]);
                    yRaw.add(raw[t]);
                }
                lastMedian[from + i] = s[s.length - 1][median];
                outcome[from + i] = r.correct();
            }
        }
        double[][] qa = q.toArray(new double[0][]);
        double[] ya = y.stream().mapToDouble(Double::doubleValue).toArray();
        double[] yr = yRaw.stream().mapToDouble(Double::doubleValue).toArray();
        double[] coverage = new double[taus.length];
        double[] below = new double[taus.length];
        double[] atOrBelow = new double[taus.length];
        for (int k = 0; k < taus.length; k++) {
            coverage[k] = QuantileCalibration.coverage(ya, qa, k);
            below[k] = QuantileCalibration.coverage(yr, qa, k);
            atOrBelow[k] = QuantileCalibration.coverageInclusive(yr, qa, k);
        }
        double[] medians = new double[qa.length];
        for (int i = 0; i < qa.length; i++) {
            medians[i] = qa[i][median];
        }
        return new HeldOutCalibration(taus, coverage, below, atOrBelow, QuantileCalibration.pinball(ya, qa, taus),
                QuantileCalibration.pinball(yr, qa, taus), Auroc.of(lastMedian, outcome), qa.length, medians, yr);
    }

    /** Column of τ = 0.5, or the middle level when 0.5 is not one of them. */
    static int medianIndex(double[] taus) {
        for (int k = 0; k < taus.length; k++) {
            if (Math.abs(taus[k] - 0.5) < 1e-9) {
                return k;
            }
        }
        return taus.length / 2;
    }
}
