package dev.progrs.monitor.engine;

import dev.progrs.monitor.gold.GoldSampleChecker;
import dev.progrs.monitor.window.GroupObservation;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import dev.progrs.wire.WindowCoherence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what the monitor needs out of the wire records. */
public final class Observations {
    private static final GoldSampleChecker DEFAULT_SUITE = GoldSampleChecker.defaultSuite();

    private Observations() {
    }

    /** The sample view of a scored trajectory, gold-checked against the default suite. */
    public static SampleObservation of(ScoredTrajectory scored) {
        return of(scored, DEFAULT_SUITE);
    }

    /**
     * The sample view of a scored trajectory; event time = when the sample was generated. The gold
     * verdict comes from {@code checker} reading the prompt and the response text.
     */
    public static SampleObservation of(ScoredTrajectory scored, GoldSampleChecker checker) {
        Trajectory t = scored.getTrajectory();
        Map<Integer, Double> coherence = new HashMap<>();
        for (WindowCoherence c : scored.getCoherence()) {
            coherence.put(c.getWindowSize(), c.getValue());
        }
        return new SampleObservation(t.getGroupId(), t.getSampleIndex(), t.getOutcomeReward(), scored.getProcessScore(),
                coherence, t.getResponseTokenIds().size(), t.getPolicyVersion(), t.getGeneratedAtMs(),
                scored.getStepConfidences(), checker.check(t.getSuite(), t.getPromptText(), t.getResponseText()));
    }

    /** The group view of an advantages record; event time = its last sample's record timestamp. */
    public static GroupObservation of(GroupAdvantages group) {
        List<GroupObservation.SampleAdvantageView> samples = new ArrayList<>(group.getSamples().size());
        for (SampleAdvantage s : group.getSamples()) {
            samples.add(new GroupObservation.SampleAdvantageView(s.getSampleIndex(), s.getOutcome(), s.getProcessScore(),
                    s.getAdvantage(), s.getPolicyVersion(), s.getResponseTokenIds().size(), s.getGeneratedAtMs()));
        }
        return new GroupObservation(group.getGroupId(), samples, group.getZeroVarianceOutcome(),
                group.getDominanceViolations(), group.getPolicyVersionMin(), group.getPolicyVersionMax(),
                group.getPartial(), group.getLastSampleAtMs());
    }
}
