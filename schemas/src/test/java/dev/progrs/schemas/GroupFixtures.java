package dev.progrs.schemas;

import dev.progrs.wire.CenteringSettings;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;

/** Hand-made {@link GroupAdvantages} for tests of batch statistics: only outcomes and advantages matter. */
public final class GroupFixtures {

    private GroupFixtures() {
    }

    /** A group whose sample i has outcome {@code outcomes[i]} and final advantage {@code advantages[i]}. */
    public static GroupAdvantages group(String id, double[] outcomes, double[] advantages) {
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            samples.add(SampleAdvantage.newBuilder().setSampleIndex(i).setPolicyVersion(1).setOutcome(outcomes[i]).setProcessScore(0.5)
                    .setCentredBonus(0).setOutcomeAdvantage(0).setAdvantage(advantages[i]).setPromptTokenIds(List.of(1))
                    .setResponseTokenIds(List.of(5, 6)).setBehaviourLogProbs(List.of(-1f, -1f)).setStepCount(1).setGeneratedAtMs(0)
                    .build());
        }
        return GroupAdvantages.newBuilder().setGroupId(id).setPromptId("p-" + id).setSuite("arithmetic")
                .setExpectedGroupSize(outcomes.length).setSamples(samples)
                .setCentering(CenteringSettings.newBuilder().setMode("incorrect").setMixing("advantage").setLambda(0.1)
                        .setStd("unbiased").setDominanceGuard(false).build())
                .setPolicyVersionMin(1).setPolicyVersionMax(1).setPartial(false).setTimedOut(false)
                .setZeroVarianceOutcome(false).setDominanceViolations(0).setLastSampleAtMs(0).setEmittedAtMs(0).build();
    }
}
