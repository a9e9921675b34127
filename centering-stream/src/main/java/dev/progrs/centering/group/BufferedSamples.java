package dev.progrs.centering.group;

import dev.progrs.centering.store.BufferedSample;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.util.List;

/** What a group's state keeps of one scored trajectory; no Kafka here. */
public final class BufferedSamples {

    private BufferedSamples() {
    }

    /**
     * @param scored  a sample that passed {@link SampleInvariants}
     * @param content whether the token arrays are kept ({@link OutputContent#FULL}) or not
     * @return what the advantages record needs of {@code scored}
     */
    public static BufferedSample of(ScoredTrajectory scored, OutputContent content) {
        Trajectory t = scored.getTrajectory();
        boolean tokens = content.keepsTokens();
        return BufferedSample.newBuilder()
                .setSampleIndex(t.getSampleIndex())
                .setPolicyVersion(t.getPolicyVersion())
                .setOutcome(t.getOutcomeReward())
                .setProcessScore(scored.getProcessScore())
                .setPromptTokenIds(tokens ? t.getPromptTokenIds() : List.of())
                .setResponseTokenIds(tokens ? t.getResponseTokenIds() : List.of())
                .setBehaviourLogProbs(tokens ? t.getBehaviourLogProbs() : List.of())
                .setExtractedAnswer(t.getExtractedAnswer())
                .setStepCount(t.getSteps().size())
                .setGeneratedAtMs(t.getGeneratedAtMs())
                .build();
    }
}
