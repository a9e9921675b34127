package dev.progrs.monitor.synthetic;

import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A reproducible stream of synthetic prompt groups with a known reward-health story, for the
 * monitor's tests and benchmark. Per group of K samples: a success probability p ~ U(0.2, 0.8),
 * outcomes R ~ Bernoulli(p), process scores b ~ N(0.70, 0.10) for correct and N(0.45, 0.10) for
 * incorrect samples (clipped to [0, 1]); from group {@code biasFromGroup} on, incorrect samples'
 * b gets {@code incorrectBias} added (a PRM that became systematically biased on incorrect
 * solutions). Advantages follow docs/method.md §§3–4 with centering {@code incorrect}, mixing
 * {@code advantage}, λ = 0.1, Bessel std. The policy version increases every 50 groups; a quarter
 * of the samples come from the previous version.
 */
public final class SyntheticRewardStream {
    /** Window sizes of the coherence values attached to every sample. */
    public static final List<Integer> WINDOW_SIZES = List.of(2, 4, 8);
    private static final double LAMBDA = 0.1;
    private static final List<Integer> PROMPT_TOKENS = List.of(1, 5, 6);
    private static final List<String> STEPS = List.of("a", "b", "c", "d");
    private static final List<Double> QUANTILE_LEVELS = List.of(0.1, 0.5, 0.9);
    private static final CenteringSettings CENTERING = CenteringSettings.newBuilder().setMode("incorrect")
            .setMixing("advantage").setLambda(LAMBDA).setStd("unbiased").setDominanceGuard(false).build();

    private final Random random;
    private final int groupSize;
    private final long biasFromGroup;
    private final double incorrectBias;
    private final long startMs;
    private final long groupIntervalMs;
    private long groupIndex;

    /**
     * @param seed            random seed
     * @param groupSize       K ≥ 1
     * @param biasFromGroup   first group whose incorrect samples are biased; negative: never
     * @param incorrectBias   the bias added to b of incorrect samples from then on
     * @param startMs         event time of the first group
     * @param groupIntervalMs event-time distance between consecutive groups
     */
    public SyntheticRewardStream(long seed, int groupSize, long biasFromGroup, double incorrectBias, long startMs,
                                 long groupIntervalMs) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize must be >= 1, got " + groupSize);
        }
        this.random = new Random(seed);
        this.groupSize = groupSize;
        this.biasFromGroup = biasFromGroup;
        this.incorrectBias = incorrectBias;
        this.startMs = startMs;
        this.groupIntervalMs = groupIntervalMs;
    }

    /** A stationary stream (never biased). */
    public static SyntheticRewardStream stationary(long seed, int groupSize) {
        return new SyntheticRewardStream(seed, groupSize, -1, 0, 1_700_000_000_000L, 100);
    }

    /** @return how many groups were generated so far */
    public long groupsGenerated() {
        return groupIndex;
    }

    /** The next group. */
    public SyntheticGroup next() {
        long g = groupIndex++;
        String groupId = "g-" + g;
        long version = g / 50;
        long t0 = startMs + g * groupIntervalMs;
        boolean biased = biasFromGroup >= 0 && g >= biasFromGroup;
        double p = 0.2 + 0.6 * random.nextDouble();
        double[] r = new double[groupSize];
        double[] b = new double[groupSize];
        long[] v = new long[groupSize];
        int[] len = new int[groupSize];
        for (int i = 0; i < groupSize; i++) {
            r[i] = random.nextDouble() < p ? 1 : 0;
            double score = r[i] == 1 ? 0.70 + 0.10 * random.nextGaussian() : 0.45 + 0.10 * random.nextGaussian();
            if (biased && r[i] == 0) {
                score += incorrectBias;
            }
            b[i] = clip(score);
            v[i] = version > 0 && random.nextDouble() < 0.25 ? version - 1 : version;
            len[i] = Math.max(1, (int) Math.round(40 + 8 * random.nextGaussian()));
        }
        double[] centred = centreIncorrect(r, b);
        double[] aOut = outcomeAdvantages(r);
        double[] a = new double[groupSize];
        for (int i = 0; i < groupSize; i++) {
            a[i] = aOut[i] + LAMBDA * centred[i];
        }
        List<ScoredTrajectory> scored = new ArrayList<>(groupSize);
        List<SampleAdvantage> samples = new ArrayList<>(groupSize);
        long vMin = Long.MAX_VALUE;
        long vMax = Long.MIN_VALUE;
        for (int i = 0; i < groupSize; i++) {
            long at = t0 + i;
            vMin = Math.min(vMin, v[i]);
            vMax = Math.max(vMax, v[i]);
            List<Integer> tokens = Collections.nCopies(len[i], 7);
            List<Float> logProbs = Collections.nCopies(len[i], -1.0f);
            scored.add(scored(groupId, i, r[i], b[i], v[i], tokens, logProbs, at));
            // plain setters, not builders: builders deep-copy and validate, which dominates long synthetic runs
            SampleAdvantage sa = new SampleAdvantage();
            sa.setSampleIndex(i);
            sa.setPolicyVersion(v[i]);
            sa.setOutcome(r[i]);
            sa.setProcessScore(b[i]);
            sa.setCentredBonus(centred[i]);
            sa.setOutcomeAdvantage(aOut[i]);
            sa.setAdvantage(a[i]);
            sa.setPromptTokenIds(PROMPT_TOKENS);
            sa.setResponseTokenIds(tokens);
            sa.setBehaviourLogProbs(logProbs);
            sa.setStepCount(4);
            sa.setGeneratedAtMs(at);
            samples.add(sa);
        }
        GroupAdvantages advantages = new GroupAdvantages();
        advantages.setGroupId(groupId);
        advantages.setPromptId("p-" + g);
        advantages.setSuite("synthetic");
        advantages.setExpectedGroupSize(groupSize);
        advantages.setSamples(samples);
        advantages.setCentering(CENTERING);
        advantages.setPolicyVersionMin(vMin);
        advantages.setPolicyVersionMax(vMax);
        advantages.setPartial(false);
        advantages.setTimedOut(false);
        advantages.setDuplicatesDropped(0);
        advantages.setZeroVarianceOutcome(allEqual(r));
        advantages.setDominanceViolations(dominanceViolations(r, a));
        advantages.setDominanceScale(1.0);
        advantages.setLastSampleAtMs(t0 + groupSize - 1);
        advantages.setEmittedAtMs(t0 + groupSize);
        return new SyntheticGroup(scored, advantages);
    }

    private ScoredTrajectory scored(String groupId, int i, double r, double b, long version, List<Integer> tokens,
                                    List<Float> logProbs, long at) {
        Trajectory t = new Trajectory();
        t.setGroupId(groupId);
        t.setSampleIndex(i);
        t.setGroupSize(groupSize);
        t.setPromptId("p-" + groupId);
        t.setPromptText("1+1");
        t.setGoldAnswer("2");
        t.setSuite("synthetic");
        t.setPolicyVersion(version);
        t.setPromptTokenIds(PROMPT_TOKENS);
        t.setResponseText("x");
        t.setSteps(STEPS);
        t.setStepTokenEnds(List.of());
        t.setResponseTokenIds(tokens);
        t.setBehaviourLogProbs(logProbs);
        t.setTemperature(1.0f);
        t.setTopP(1.0f);
        t.setTruncated(false);
        t.setOutcomeReward(r);
        t.setVerifierRule("answer-line");
        t.setVerifierReason(r == 1 ? "match" : "mismatch");
        t.setGeneratorId("synthetic");
        t.setPromptPublishedAtMs(at);
        t.setGenerationStartedAtMs(at);
        t.setGeneratedAtMs(at);
        t.setGenerationMs(1.0);
        List<WindowCoherence> coherence = new ArrayList<>();
        for (int w : WINDOW_SIZES) {
            coherence.add(new WindowCoherence(w, clip(b - 0.01 * w * random.nextDouble())));
        }
        ScoredTrajectory s = new ScoredTrajectory();
        s.setTrajectory(t);
        s.setQuantileLevels(QUANTILE_LEVELS);
        s.setStepQuantiles(List.of(List.of(b, b, b)));
        s.setStepConfidences(List.of(b));
        s.setConfidenceQuantile("0.5");
        s.setCoherence(coherence);
        s.setWindowing("partition");
        s.setLambdaVar(1.0);
        s.setProcessScore(b);
        s.setProcessScoreMode("coherence");
        s.setPrmCheckpointSha256("synthetic");
        s.setPrmName("synthetic");
        s.setScorerId("synthetic");
        s.setScoredAtMs(at);
        s.setScoringMs(0.1);
        return s;
    }

    private static double[] centreIncorrect(double[] r, double[] b) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < r.length; i++) {
            if (r[i] == 0) {
                sum += b[i];
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double[] c = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            c[i] = r[i] == 0 ? b[i] - mean : b[i];
        }
        return c;
    }

    private static double[] outcomeAdvantages(double[] r) {
        int k = r.length;
        double[] a = new double[k];
        if (k < 2 || allEqual(r)) {
            return a;
        }
        double mean = 0;
        for (double x : r) {
            mean += x / k;
        }
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        double std = Math.sqrt(ss / (k - 1));
        for (int i = 0; i < k; i++) {
            a[i] = (r[i] - mean) / (std + 1e-6);
        }
        return a;
    }

    private static boolean allEqual(double[] r) {
        for (double x : r) {
            if (x != r[0]) {
                return false;
            }
        }
        return true;
    }

    private static int dominanceViolations(double[] r, double[] a) {
        int violations = 0;
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r.length; j++) {
                if (r[i] == 1 && r[j] == 0 && a[i] <= a[j]) {
                    violations++;
                }
            }
        }
        return violations;
    }

    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
