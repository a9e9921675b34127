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
        double[] outcomes = new double[samples.size()];
        double[] scores = new double[samples.size()];
        long minVersion = Long.MAX_VALUE;
        long maxVersion = Long.MIN_VALUE;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = samples.get(i).getOutcome();
            scores[i] = samples.get(i).getProcessScore();
            minVersion = Math.min(minVersion, samples.get(i).getPolicyVersion());
            maxVersion = Math.max(maxVersion, samples.get(i).getPolicyVersion());
        }
        AdvantageResult result = ProgrsAdvantages.compute(outcomes, scores, config);
        List<SampleAdvantage> out = new ArrayList<>(samples.size());
        for (int i = 0; i < outcomes.length; i++) {
            BufferedSample s = samples.get(i);
            out.add(SampleAdvantage.newBuilder()
                    .setSampleIndex(s.getSampleIndex())
                    .setPolicyVersion(s.getPolicyVersion())
                    .setOutcome(s.getOutcome())
                    .setProcessScore(s.getProcessScore())
                    .setCentredBonus(result.centredBonus()[i])
                    .setOutcomeAdvantage(result.outcomeAdvantage()[i])
                    .setAdvantage(result.advantage()[i])
                    .setPromptTokenIds(s.getPromptTokenIds())
                    .setResponseTokenIds(s.getResponseTokenIds())
                    .setBehaviourLogProbs(s.getBehaviourLogProbs())
                    .setExtractedAnswer(s.getExtractedAnswer())
                    .setStepCount(s.getStepCount())
                    .setGeneratedAtMs(s.getGeneratedAtMs())
                    .build());
        }
        GroupAdvantages record = GroupAdvantages.newBuilder()
                .setGroupId(header.getGroupId())
                .setPromptId(header.getPromptId())
                .setSuite(header.getSuite())
                .setDifficulty(header.getDifficulty())
                .setExpectedGroupSize(header.getExpectedGroupSize())
                .setSamples(out)
                .setCentering(settings(config))
                .setPolicyVersionMin(minVersion)
                .setPolicyVersionMax(maxVersion)
                .setPartial(samples.size() < header.getExpectedGroupSize())
                .setTimedOut(timedOut)
                .setDuplicatesDropped(header.getDuplicatesDropped())
                .setZeroVarianceOutcome(result.zeroVarianceOutcome())
                .setDominanceViolations(result.dominanceViolations())
                .setDominanceScale(result.dominanceScale())
                .setLastSampleAtMs(header.getLastSampleAtMs())
                .setEmittedAtMs(emittedAtMs)
                .build();
        return new Assembly(record, result);
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
