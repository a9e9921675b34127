package dev.progrs.generator.rollout;

import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.tasks.verify.Verdict;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the wire {@link Trajectory} of one verified sample. Every field of the schema is set
 * (the Avro builder refuses a missing one).
 */
public final class TrajectoryAssembler {

    private final StepSplitter splitter;
    private final String generatorId;

    public TrajectoryAssembler(StepSplitter splitter, String generatorId) {
        this.splitter = splitter;
        this.generatorId = generatorId;
    }

    /**
     * Timing of a sampled batch.
     *
     * @param startedAtMs  when sampling of the batch began (ms since epoch)
     * @param samplingMs   wall time of the batched decode holding this group
     */
    public record Timing(long startedAtMs, double samplingMs) {
    }

    /** The trajectory of sample {@code index} of group {@code groupId}. */
    public Trajectory assemble(Prompt prompt, int[] promptIds, String groupId, int index, int groupSize, long policyVersion,
                               Sample sample, Verdict verdict, SamplingConfig sampling, Timing timing) {
        StepSplitter.Split split = splitter.split(sample.tokenIds());
        return Trajectory.newBuilder()
                .setGroupId(groupId)
                .setSampleIndex(index)
                .setGroupSize(groupSize)
                .setPromptId(prompt.getPromptId())
                .setPromptText(prompt.getProblem())
                .setGoldAnswer(prompt.getGoldAnswer())
                .setSuite(prompt.getSuite())
                .setDifficulty(prompt.getDifficulty())
                .setPolicyVersion(policyVersion)
                .setPromptTokenIds(ints(promptIds))
                .setResponseText(sample.text())
                .setSteps(split.steps())
                .setStepTokenEnds(ints(split.tokenEnds()))
                .setResponseTokenIds(ints(sample.tokenIds()))
                .setBehaviourLogProbs(floats(sample.logProbs()))
                .setTemperature(sampling.temperature())
                .setTopP((float) sampling.topP())
                .setTruncated(sample.truncated())
                .setExtractedAnswer(verdict.extracted())
                .setOutcomeReward(verdict.correct() ? 1.0 : 0.0)
                .setVerifierRule(verdict.rule())
                .setVerifierReason(verdict.reason())
                .setGeneratorId(generatorId)
                .setPromptPublishedAtMs(prompt.getCreatedAtMs())
                .setGenerationStartedAtMs(timing.startedAtMs())
                .setGeneratedAtMs(System.currentTimeMillis())
                .setGenerationMs(timing.samplingMs())
                .build();
    }

    static List<Integer> ints(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    static List<Float> floats(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return out;
    }
}
