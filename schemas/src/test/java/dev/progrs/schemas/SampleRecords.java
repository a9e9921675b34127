package dev.progrs.schemas;

import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic, deterministic instances of every wire record, for tests and benchmarks of any module
 * (shipped in the schemas test-jar). The default trajectory has 8 steps and 200 response tokens,
 * like a mid-size arithmetic solution.
 */
public final class SampleRecords {
    /** Steps of the default trajectory. */
    public static final int STEPS = 8;
    /** Response tokens of the default trajectory. */
    public static final int TOKENS = 200;
    /** Samples per group. */
    public static final int GROUP_SIZE = 8;
    /** Base wall-clock time of every sample, 2026-01-01T00:00:00Z. */
    public static final long T0 = 1_767_225_600_000L;

    private SampleRecords() {
    }

    public static Prompt prompt() {
        return prompt(42);
    }

    public static Prompt prompt(int index) {
        return Prompt.newBuilder()
                .setPromptId(String.format("arith-train-%06d", index))
                .setProblem("Compute ((17 + 25) * 3 - 14) / 4 + 9 * 2. Show one step per line, then 'Answer: <number>'.")
                .setGoldAnswer("46")
                .setSuite("arithmetic")
                .setSplit("train")
                .setDifficulty(5)
                .setCreatedAtMs(T0 + index)
                .build();
    }

    /** Sample 3 of group {@code g-000042}, correct, 8 steps, 200 tokens. */
    public static Trajectory trajectory() {
        return trajectory("g-000042", 3, STEPS, TOKENS);
    }

    /** A verified trajectory with {@code steps} steps and {@code tokens} response tokens. */
    public static Trajectory trajectory(String groupId, int sampleIndex, int steps, int tokens) {
        if (steps < 1 || tokens < steps) {
            throw new IllegalArgumentException("need steps >= 1 and tokens >= steps, got steps=" + steps + ", tokens=" + tokens);
        }
        SplittableRandom random = new SplittableRandom(31L * groupId.hashCode() + sampleIndex);
        List<Integer> promptTokens = new ArrayList<>();
        promptTokens.add(1);
        for (int i = 0; i < 48; i++) {
            promptTokens.add(3 + random.nextInt(120));
        }
        List<Integer> responseTokens = new ArrayList<>(tokens);
        List<Float> logProbs = new ArrayList<>(tokens);
        for (int i = 0; i < tokens - 1; i++) {
            responseTokens.add(3 + random.nextInt(120));
            logProbs.add((float) -random.nextDouble(0.0, 3.0));
        }
        responseTokens.add(2);
        logProbs.add(-0.01f);
        List<String> stepTexts = new ArrayList<>(steps);
        List<Integer> stepEnds = new ArrayList<>(steps);
        for (int s = 0; s < steps - 1; s++) {
            stepTexts.add("Step " + (s + 1) + ": " + (17 + s) + " + " + (25 - s) + " = 42");
            stepEnds.add((int) ((long) tokens * (s + 1) / steps));
        }
        stepTexts.add("Answer: 46");
        stepEnds.add(tokens);
        boolean correct = sampleIndex % 2 == 1;
        return Trajectory.newBuilder()
                .setGroupId(groupId)
                .setSampleIndex(sampleIndex)
                .setGroupSize(GROUP_SIZE)
                .setPromptId("arith-train-000042")
                .setPromptText(prompt().getProblem())
                .setGoldAnswer("46")
                .setSuite("arithmetic")
                .setDifficulty(5)
                .setPolicyVersion(12)
                .setPromptTokenIds(promptTokens)
                .setResponseText(String.join("\n", stepTexts))
                .setSteps(stepTexts)
                .setStepTokenEnds(stepEnds)
                .setResponseTokenIds(responseTokens)
                .setBehaviourLogProbs(logProbs)
                .setTemperature(1.0f)
                .setTopP(0.95f)
                .setTruncated(false)
                .setExtractedAnswer(correct ? "46" : "44")
                .setOutcomeReward(correct ? 1.0 : 0.0)
                .setVerifierRule("answer-line")
                .setVerifierReason(correct ? "extracted 46 equals gold 46" : "extracted 44 differs from gold 46")
                .setGeneratorId("generator-0")
                .setPromptPublishedAtMs(T0)
                .setGenerationStartedAtMs(T0 + 5)
                .setGeneratedAtMs(T0 + 850 + sampleIndex)
                .setGenerationMs(845.5)
                .build();
    }

    /** The default trajectory scored: 8 steps, 200 tokens, quantiles 0.1/0.5/0.9, windows 2 and 4. */
    public static ScoredTrajectory scoredTrajectory() {
        return scoredTrajectory(trajectory());
    }

    /** {@code trajectory} with plausible PRM quantiles per step and coherence for windows 2 and 4. */
    public static ScoredTrajectory scoredTrajectory(Trajectory trajectory) {
        int steps = trajectory.getSteps().size();
        SplittableRandom random = new SplittableRandom(trajectory.getGroupId().hashCode() * 7L + trajectory.getSampleIndex());
        List<List<Double>> quantiles = new ArrayList<>(steps);
        List<Double> confidences = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            double median = 0.5 + 0.45 * random.nextDouble();
            double spread = 0.05 + 0.1 * random.nextDouble();
            quantiles.add(List.of(Math.max(0.0, median - spread), median, Math.min(1.0, median + spread)));
            confidences.add(median);
        }
        double processScore = confidences.stream().mapToDouble(Double::doubleValue).average().orElse(0.0) * 0.93;
        return ScoredTrajectory.newBuilder()
                .setTrajectory(trajectory)
                .setQuantileLevels(List.of(0.1, 0.5, 0.9))
                .setStepQuantiles(quantiles)
                .setStepConfidences(confidences)
                .setConfidenceQuantile("0.5")
                .setCoherence(List.of(
                        WindowCoherence.newBuilder().setWindowSize(2).setValue(processScore * 1.01).build(),
                        WindowCoherence.newBuilder().setWindowSize(4).setValue(processScore * 0.99).build()))
                .setWindowing("partition")
                .setLambdaVar(1.0)
                .setProcessScore(processScore)
                .setProcessScoreMode("coherence")
                .setPrmCheckpointSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setScorerId("scorer-0")
                .setScoredAtMs(trajectory.getGeneratedAtMs() + 120)
                .setScoringMs(3.75)
                .build();
    }

    /** A complete group of {@link #GROUP_SIZE} samples, half correct, centering 'incorrect'. */
    public static GroupAdvantages groupAdvantages() {
        List<SampleAdvantage> samples = new ArrayList<>(GROUP_SIZE);
        for (int i = 0; i < GROUP_SIZE; i++) {
            Trajectory t = trajectory("g-000042", i, STEPS, TOKENS);
            double outcome = t.getOutcomeReward();
            double outcomeAdvantage = outcome == 1.0 ? 0.935 : -0.935;
            double bonus = outcome == 1.0 ? 0.0 : 0.05 * (i - 3.5);
            samples.add(SampleAdvantage.newBuilder()
                    .setSampleIndex(i)
                    .setPolicyVersion(t.getPolicyVersion())
                    .setOutcome(outcome)
                    .setProcessScore(0.6 + 0.03 * i)
                    .setCentredBonus(bonus)
                    .setOutcomeAdvantage(outcomeAdvantage)
                    .setAdvantage(outcomeAdvantage + 0.1 * bonus)
                    .setPromptTokenIds(t.getPromptTokenIds())
                    .setResponseTokenIds(t.getResponseTokenIds())
                    .setBehaviourLogProbs(t.getBehaviourLogProbs())
                    .setExtractedAnswer(t.getExtractedAnswer())
                    .setStepCount(t.getSteps().size())
                    .setGeneratedAtMs(t.getGeneratedAtMs())
                    .build());
        }
        return GroupAdvantages.newBuilder()
                .setGroupId("g-000042")
                .setPromptId("arith-train-000042")
                .setSuite("arithmetic")
                .setDifficulty(5)
                .setExpectedGroupSize(GROUP_SIZE)
                .setSamples(samples)
                .setCentering(CenteringSettings.newBuilder()
                        .setMode("incorrect").setMixing("advantage").setLambda(0.1).setStd("unbiased")
                        .setDominanceGuard(true).build())
                .setPolicyVersionMin(12)
                .setPolicyVersionMax(12)
                .setPartial(false)
                .setTimedOut(false)
                .setDuplicatesDropped(0)
                .setZeroVarianceOutcome(false)
                .setDominanceViolations(0)
                .setDominanceScale(1.0)
                .setLastSampleAtMs(T0 + 1_000)
                .setEmittedAtMs(T0 + 1_010)
                .build();
    }

    /** Version 12, trained from 11, with update metrics. */
    public static PolicyVersion policyVersion() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss", 0.0132);
        metrics.put("clipFraction", 0.041);
        metrics.put("approxKl", 0.0021);
        metrics.put("entropy", 1.87);
        metrics.put("meanStaleness", 0.6);
        return PolicyVersion.newBuilder()
                .setVersion(12)
                .setCheckpointUri("file:///tmp/progrs-data/checkpoints/policy-v12")
                .setSha256("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
                .setCreatedAtMs(T0 + 60_000)
                .setParentVersion(11L)
                .setGroupsConsumed(3_072)
                .setRolloutsConsumed(24_576)
                .setMetrics(metrics)
                .build();
    }

    /** A Page-Hinkley alert on the PRM bias on incorrect trajectories. */
    public static DriftReport driftReport() {
        return DriftReport.newBuilder()
                .setSignal("prm_bias_incorrect")
                .setDetector("page-hinkley")
                .setWindowKind("count")
                .setWindowIndex(37)
                .setWindowStartMs(T0 + 3_600_000)
                .setWindowEndMs(T0 + 3_700_000)
                .setReferenceValue(0.41)
                .setCurrentValue(0.58)
                .setShift(0.17)
                .setStatistic(5.3)
                .setThreshold(5.0)
                .setDirection("up")
                .setMessage("prm_bias_incorrect rose from 0.41 to 0.58 at window 37 (+0.17)")
                .setCreatedAtMs(T0 + 3_700_050)
                .build();
    }

    /** One instance of every top-level wire record type. */
    public static List<org.apache.avro.specific.SpecificRecord> all() {
        return List.of(prompt(), trajectory(), scoredTrajectory(), groupAdvantages(), policyVersion(), driftReport());
    }
}
