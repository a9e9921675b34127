package dev.progrs.centering.group;

import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.ProgrsAdvantages;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;

/** Turns a buffered group into its {@link GroupAdvantages} record through {@link ProgrsAdvantages}; no Kafka here. */
public final class GroupAdvantagesAssembler {

    /** The output record and the maths result it was made from (for metrics). */
    public record Assembly(GroupAdvantages record, AdvantageResult result) {
    }

    private GroupAdvantagesAssembler() {
    }

    /**
     * @param header      the open group's header
     * @param samples     its buffered samples (at least one), ordered by index
     * @param config      the maths configuration
     * @param timedOut    true when emitted by the timeout punctuator
     * @param emittedAtMs wall-clock emission time
     */
    public static Assembly assemble(GroupHeader header, List<BufferedSample> samples, CenteringConfig config, boolean timedOut,
                                    long emittedAtMs) {
        AdvantageResult result = compute(samples, config);
        return new Assembly(record(header, samples, result, config, timedOut, emittedAtMs), result);
    }

    /** @return the maths over the samples' outcomes and process scores, in the samples' order */
    public static AdvantageResult compute(List<BufferedSample> samples, CenteringConfig config) {
        double[] outcomes = new double[samples.size()];
        double[] scores = new double[samples.size()];
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = samples.get(i).getOutcome();
            scores[i] = samples.get(i).getProcessScore();
        }
        return ProgrsAdvantages.compute(outcomes, scores, config);
    }

    /** @return the smallest and the largest policy version of {@code samples} */
    public static long[] policyVersionRange(List<BufferedSample> samples) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (BufferedSample s : samples) {
            min = Math.min(min, s.getPolicyVersion());
            max = Math.max(max, s.getPolicyVersion());
        }
        return new long[] {min, max};
    }

    /** @return the record for {@code result}, computed by {@link #compute} over the same samples */
    public static GroupAdvantages record(GroupHeader header, List<BufferedSample> samples, AdvantageResult result,
                                         CenteringConfig config, boolean timedOut, long emittedAtMs) {
        long[] versions = policyVersionRange(samples);
        List<SampleAdvantage> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            BufferedSample s = samples.get(i);
            out.add(SampleAdvantage.newBuilder()
                    .setSampleIndex(s.getSampleIndex())
                    .setPolicyVersion(s.getPolicyVersion())
                    .setOutcome(s.getOutcome())
                    .setProcessScore(s.getProcessScore())
                    .setCentredBonus(result.centredBonus()[i])
                    .setOutcomeAdvantage(result.outcomeAdvantage()[i])
                    .setAdvantage(result.advantage()[i])
                    .setPromptTokenIds(TokenArrays.ints(BufferedSamples.bytes(s.getPromptTokenIds())))
                    .setResponseTokenIds(TokenArrays.ints(BufferedSamples.bytes(s.getResponseTokenIds())))
                    .setBehaviourLogProbs(TokenArrays.floats(BufferedSamples.bytes(s.getBehaviourLogProbs())))
                    .setExtractedAnswer(s.getExtractedAnswer())
                    .setStepCount(s.getStepCount())
                    .setGeneratedAtMs(s.getGeneratedAtMs())
                    .build());
        }
        return GroupAdvantages.newBuilder()
                .setGroupId(header.getGroupId())
                .setPromptId(header.getPromptId())
                .setSuite(header.getSuite())
                .setDifficulty(header.getDifficulty())
                .setExpectedGroupSize(header.getExpectedGroupSize())
                .setSamples(out)
                .setCentering(settings(config))
                .setPolicyVersionMin(versions[0])
                .setPolicyVersionMax(versions[1])
                .setPartial(samples.size() < header.getExpectedGroupSize())
                .setTimedOut(timedOut)
                .setDuplicatesDropped(header.getDuplicatesDropped())
                .setZeroVarianceOutcome(result.zeroVarianceOutcome())
                .setDominanceViolations(result.dominanceViolations())
                .setDominanceScale(result.dominanceScale())
                .setLastSampleAtMs(header.getLastSampleAtMs())
                .setEmittedAtMs(emittedAtMs)
                .build();
    }

    /** @return the wire form of {@code config} */
    public static CenteringSettings settings(CenteringConfig config) {
        return CenteringSettings.newBuilder()
                .setMode(config.centering().configName())
                .setMixing(config.mixing().configName())
                .setLambda(config.lambda())
                .setStd(config.std().configName())
                .setDominanceGuard(config.dominanceGuard())
                .setBonusScale(config.bonusScale().configName())
                .build();
    }
}
