package dev.progrs.centering.topology;

import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.List;

/** Small, complete ScoredTrajectory records for topology tests. */
public final class ScoredFixtures {

    public static final long T0 = 1_767_225_600_000L;

    private ScoredFixtures() {
    }

    public static ScoredTrajectory scored(String groupId, int index, int k, double outcome, double processScore, long version) {
        Trajectory t = Trajectory.newBuilder()
                .setGroupId(groupId)
                .setSampleIndex(index)
                .setGroupSize(k)
                .setPromptId("p-" + groupId)
                .setPromptText("Compute 2 + 3 * 4.")
                .setGoldAnswer("14")
                .setSuite("arithmetic")
                .setDifficulty(2)
                .setPolicyVersion(version)
                .setPromptTokenIds(List.of(1, 20, 21, 22))
                .setResponseText("3 * 4 = 12\n2 + 12 = 14\nAnswer: 14")
                .setSteps(List.of("3 * 4 = 12", "2 + 12 = 14", "Answer: 14"))
                .setStepTokenEnds(List.of(3, 6, 9))
                .setResponseTokenIds(List.of(30, 31, 32, 33, 34, 35, 36, 37, 38, 2))
                .setBehaviourLogProbs(List.of(-0.1f, -0.2f, -0.3f, -0.1f, -0.2f, -0.3f, -0.1f, -0.2f, -0.3f, -0.05f))
                .setTemperature(1.0f)
                .setTopP(1.0f)
                .setTruncated(false)
                .setExtractedAnswer(outcome == 1.0 ? "14" : "20")
                .setOutcomeReward(outcome)
                .setVerifierRule("answer-line")
                .setVerifierReason(outcome == 1.0 ? "14 == 14" : "20 != 14")
                .setGeneratorId("gen-0")
                .setPromptPublishedAtMs(T0 - 100)
                .setGenerationStartedAtMs(T0 - 50)
                .setGeneratedAtMs(T0 + index)
                .setGenerationMs(40.0)
                .build();
        return ScoredTrajectory.newBuilder()
                .setTrajectory(t)
                .setQuantileLevels(List.of(0.1, 0.5, 0.9))
                .setStepQuantiles(List.of(List.of(0.2, 0.4, 0.6), List.of(0.3, 0.5, 0.7), List.of(0.4, 0.6, 0.8)))
                .setStepConfidences(List.of(0.4, 0.5, 0.6))
                .setConfidenceQuantile("0.5")
                .setCoherence(List.of(new WindowCoherence(2, processScore), new WindowCoherence(4, processScore),
                        new WindowCoherence(8, processScore)))
                .setWindowing("partition")
                .setLambdaVar(1.0)
                .setProcessScore(processScore)
                .setProcessScoreMode("coherence")
                .setPrmCheckpointSha256("0".repeat(64))
                .setScorerId("scorer-0")
                .setScoredAtMs(T0 + 10 + index)
                .setScoringMs(1.5)
                .build();
    }
}
