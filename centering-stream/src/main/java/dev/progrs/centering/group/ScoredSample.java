package dev.progrs.centering.group;

import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;

/**
 * What the centering stream needs of one scored trajectory: identity, group size, outcome, score,
 * policy version, and the three token arrays as their Avro binary encoding ({@link TokenArrays}). The
 * stream reads this straight from the wire bytes; {@link #of(ScoredTrajectory)} makes it from a
 * decoded record. No Kafka here.
 *
 * @param groupId           prompt group id
 * @param sampleIndex       index of the sample in its group
 * @param groupSize         K announced by the sample
 * @param promptId          prompt id
 * @param suite             prompt suite
 * @param difficulty        prompt difficulty, null when unknown
 * @param policyVersion     behaviour policy version
 * @param outcome           verified outcome reward
 * @param processScore      process score b
 * @param stepCount         number of reasoning steps
 * @param extractedAnswer   extracted final answer, null if none
 * @param generatedAtMs     generation time (ms since epoch)
 * @param promptTokenIds    Avro binary {@code array<int>}
 * @param responseTokenIds  Avro binary {@code array<int>}
 * @param behaviourLogProbs Avro binary {@code array<float>}
 */
public record ScoredSample(String groupId, int sampleIndex, int groupSize, String promptId, String suite, Integer difficulty,
                           long policyVersion, double outcome, double processScore, int stepCount, String extractedAnswer,
                           long generatedAtMs, byte[] promptTokenIds, byte[] responseTokenIds, byte[] behaviourLogProbs) {

    /** @return the fields of a decoded record, token arrays encoded */
    public static ScoredSample of(ScoredTrajectory scored) {
        Trajectory t = scored.getTrajectory();
        return new ScoredSample(t.getGroupId(), t.getSampleIndex(), t.getGroupSize(), t.getPromptId(), t.getSuite(),
                t.getDifficulty(), t.getPolicyVersion(), t.getOutcomeReward(), scored.getProcessScore(), t.getSteps().size(),
                t.getExtractedAnswer(), t.getGeneratedAtMs(), TokenArrays.ofInts(t.getPromptTokenIds()),
                TokenArrays.ofInts(t.getResponseTokenIds()), TokenArrays.ofFloats(t.getBehaviourLogProbs()));
    }
}
