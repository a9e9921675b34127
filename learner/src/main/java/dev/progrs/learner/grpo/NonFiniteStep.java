package dev.progrs.learner.grpo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What the GRPO updater saw at an optimiser step whose loss or gradient held a NaN or an infinity:
 * enough to tell the candidate origins apart from one log line.
 * <ul>
 *   <li>an exploding surrogate — a huge ratio on negative-advantage tokens ({@code negativeWeightMax}
 *       = max over A &lt; 0 of |A|·ρ, the unclipped token weight; {@code atBound} tokens at |log ρ| = 20);</li>
 *   <li>a broken forward pass — non-finite or extreme logits or log-probs ({@code logits}, {@code logProbs});</li>
 *   <li>a corrupted gradient — the same backward on the same weights and batch, recomputed at once, is finite
 *       ({@code replayFinite}), which a deterministic overflow cannot be; the step then uses the recomputation.</li>
 * </ul>
 * Built from host copies of the step's tensors; pure Java.
 *
 * @param kind              {@code loss} or {@code gradient}: what was non-finite
 * @param step              optimiser step within the batch (0-based)
 * @param currentVersion    the learner's policy version
 * @param loss              the loss value
 * @param badParameters     each parameter whose gradient is non-finite, with its NaN and infinity counts
 * @param largestGradient   the parameter with the largest finite |g| and that value
 * @param logRatio          raw log π_θ − log π_behave on completion tokens, before the ±20 bound
 * @param ratio             ρ on completion tokens, after the bound
 * @param advantages        advantages of the rows
 * @param logProbs          log π_θ on completion tokens
 * @param behaviourLogProbs log π_behave on completion tokens
 * @param logits            logits over every position and token of the batch
 * @param atBound           completion tokens whose raw |log ρ| reached the bound
 * @param negativeWeightMax max over completion tokens with A &lt; 0 of |A|·ρ (their weight without the dual clip)
 * @param worstToken        the completion token with the largest |log ρ|: row, position, log ρ, A, staleness, group
 * @param staleness         current − behaviour version over the rows
 * @param groupIds          the batch's groups (to find it again in the advantages topic)
 * @param replayFinite      whether an immediate replay of forward and backward gave finite gradients; null if not replayed
 */
public record NonFiniteStep(String kind, int step, long currentVersion, double loss, List<String> badParameters, String largestGradient,
                            Range logRatio, Range ratio, Range advantages, Range logProbs, Range behaviourLogProbs, Range logits,
                            long atBound, double negativeWeightMax, String worstToken, Range staleness, List<String> groupIds,
                            Boolean replayFinite) {

    /**
     * Smallest and largest finite value, and how many values were NaN or infinite.
     *
     * @param count values looked at
     */
    public record Range(double min, double max, long nonFinite, long count) {
        static Range empty() {
            return new Range(Double.NaN, Double.NaN, 0, 0);
        }

        @Override
        public String toString() {
            String r = count == nonFinite ? "none finite" : String.format(Locale.ROOT, "[%.4g, %.4g]", min, max);
            return nonFinite == 0 ? r : r + " (" + nonFinite + " of " + count + " non-finite)";
        }
    }

    /** Accumulates a {@link Range}. */
    static final class RangeBuilder {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long nonFinite;
        private long count;

        RangeBuilder add(double v) {
            count++;
            if (!Double.isFinite(v)) {
                nonFinite++;
            } else {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return this;
        }

        Range build() {
            return count == 0 ? Range.empty() : count == nonFinite ? new Range(Double.NaN, Double.NaN, nonFinite, count)
                    : new Range(min, max, nonFinite, count);
        }
    }

    /**
     * The token statistics of a step, from host copies of its [B, T] grids.
     *
     * @param logProbs    log π_θ, row-major [rows, width]
     * @param behaviour   log π_behave on the same grid (0 off the completion)
     * @param mask        1 on completion tokens
     * @param width       T
     * @param advantages  A per row
     * @param bound       the log-ratio bound (20)
     * @param batch       the batch (staleness and group of each row)
     * @param logits      every logit of the step
     * @param gradients   the gradient scan of the step
     * @param replay      replay result, or null
     */
    static NonFiniteStep of(String kind, int step, long currentVersion, double loss, float[] logProbs, float[] behaviour, float[] mask,
                            int width, float[] advantages, float bound, GrpoBatch batch, float[] logits, GradientScan gradients,
                            Boolean replay) {
        RangeBuilder lr = new RangeBuilder();
        RangeBuilder rho = new RangeBuilder();
        RangeBuilder lp = new RangeBuilder();
        RangeBuilder be = new RangeBuilder();
        long atBound = 0;
        double negWeight = 0;
        int worstRow = -1;
        int worstPos = -1;
        double worst = -1;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == 0) {
                continue;
            }
            int row = i / width;
            double d = (double) logProbs[i] - behaviour[i];
            lr.add(d);
            lp.add(logProbs[i]);
            be.add(behaviour[i]);
            double bounded = Double.isNaN(d) ? d : Math.max(-bound, Math.min(bound, d));
            double r = Math.exp(bounded);
            rho.add(r);
            if (Math.abs(d) >= bound) {
                atBound++;
            }
            if (advantages[row] < 0 && Double.isFinite(r)) {
                negWeight = Math.max(negWeight, -advantages[row] * r);
            }
            double size = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.abs(d);
            if (size > worst) {
                worst = size;
                worstRow = row;
                worstPos = i % width;
            }
        }
        RangeBuilder adv = new RangeBuilder();
        for (float a : advantages) {
            adv.add(a);
        }
        RangeBuilder z = new RangeBuilder();
        for (float v : logits) {
            z.add(v);
        }
        RangeBuilder st = new RangeBuilder();
        for (long s : batch.rowStaleness()) {
            st.add(s);
        }
        String worstToken = worstRow < 0 ? "none"
                : String.format(Locale.ROOT, "row %d position %d log ρ %.4g (log π_θ %.4g, log π_behave %.4g), A %.4g, staleness %d, group %s",
                        worstRow, worstPos, (double) logProbs[worstRow * width + worstPos] - behaviour[worstRow * width + worstPos],
                        logProbs[worstRow * width + worstPos], behaviour[worstRow * width + worstPos], advantages[worstRow],
                        batch.rowStaleness()[worstRow], batch.rowGroupIds().get(worstRow));
        return new NonFiniteStep(kind, step, currentVersion, loss, gradients.bad(), gradients.largest(), lr.build(), rho.build(),
                adv.build(), lp.build(), be.build(), z.build(), atBound, negWeight, worstToken, st.build(),
                List.copyOf(new LinkedHashSet<>(batch.rowGroupIds())), replay);
    }

    /**
     * Per-parameter findings of a host-side scan of the gradients.
     *
     * @param bad     "name: nan N, inf M of S" for each parameter with a non-finite gradient
     * @param largest "name |g| x" for the largest finite |g|
     * @param absMax  the largest finite |g| over every parameter
     */
    record GradientScan(List<String> bad, String largest, double absMax) {

        /** First parameter with a non-finite gradient, or null. */
        String firstBad() {
            return bad.isEmpty() ? null : bad.get(0).substring(0, bad.get(0).indexOf(':'));
        }

        static final class Builder {
            private final List<String> bad = new ArrayList<>();
            private String largestName = "none";
            private double absMax;

            void add(String name, float[] g) {
                long nan = 0;
                long inf = 0;
                for (float v : g) {
                    if (Float.isNaN(v)) {
                        nan++;
                    } else if (Float.isInfinite(v)) {
                        inf++;
                    } else if (Math.abs(v) > absMax) {
                        absMax = Math.abs(v);
                        largestName = name;
                    }
                }
                if (nan + inf > 0) {
                    bad.add(name + ": nan " + nan + ", inf " + inf + " of " + g.length);
                }
            }

            GradientScan build() {
                return new GradientScan(List.copyOf(bad), String.format(Locale.ROOT, "%s |g| %.4g", largestName, absMax), absMax);
            }
        }
    }

    /** One line for the log. */
    public String describe() {
        return String.format(Locale.ROOT, "non-finite %s at step %d (version %d): loss %.6g; non-finite gradients %s; largest finite gradient %s; "
                        + "log ρ %s, ρ %s, %d token(s) at the ±20 bound; max |A|·ρ over A<0 %.4g; advantages %s; log π_θ %s; "
                        + "log π_behave %s; logits %s; staleness %s; worst token: %s; recomputed backward %s; groups %s",
                kind, step, currentVersion, loss, badParameters.isEmpty() ? "none" : badParameters, largestGradient, logRatio, ratio,
                atBound, negativeWeightMax, advantages, logProbs, behaviourLogProbs, logits, staleness, worstToken,
                replayFinite == null ? "not run" : replayFinite ? "FINITE (the first gradient was not a function of weights and batch; the step uses the recomputation)"
                        : "non-finite again (deterministic)", groupIds);
    }
}
