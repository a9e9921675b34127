package dev.progrs.monitor.window;

import dev.progrs.monitor.gold.GoldVerdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Small builders for hand-computed windows. */
final class Windows {
    private Windows() {
    }

    static SampleObservation sample(String group, int index, double r, double b, int length, long version,
                                    Map<Integer, Double> coherence) {
        return new SampleObservation(group, index, r, b, coherence, length, version, 1000L + index);
    }

    /** A sample with the PRM's step confidences and a gold verdict (b given, not derived from them). */
    static SampleObservation checked(String group, int index, double r, double b, GoldVerdict gold, Double... confidences) {
        return new SampleObservation(group, index, r, b, Map.of(), 10, 0, 1000L + index, Arrays.asList(confidences), gold);
    }

    /** A gold verdict of a checked sample. */
    static GoldVerdict verdict(boolean skipsAStep, int firstWrongStep) {
        return new GoldVerdict(true, skipsAStep, firstWrongStep);
    }

    /** A joined group whose advantages view mirrors {@code samples} with the given advantages. */
    static JoinedGroup group(String id, List<SampleObservation> samples, double[] advantages, boolean zeroVariance,
                             int violations, long eventTime) {
        List<GroupObservation.SampleAdvantageView> views = new ArrayList<>();
        long vMin = Long.MAX_VALUE;
        long vMax = Long.MIN_VALUE;
        for (int i = 0; i < samples.size(); i++) {
            SampleObservation s = samples.get(i);
            views.add(new GroupObservation.SampleAdvantageView(s.sampleIndex(), s.outcome(), s.processScore(),
                    advantages[i], s.policyVersion(), s.responseLength(), s.eventTimeMs()));
            vMin = Math.min(vMin, s.policyVersion());
            vMax = Math.max(vMax, s.policyVersion());
        }
        return new JoinedGroup(new GroupObservation(id, views, zeroVariance, violations, vMin, vMax, false, eventTime),
                samples, 0);
    }

    static GroupObservation observation(String id, int size, long eventTime) {
        List<GroupObservation.SampleAdvantageView> views = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            views.add(new GroupObservation.SampleAdvantageView(i, i % 2, 0.1 * i, i % 2 == 1 ? 1 : -1, 7, 11, eventTime));
        }
        return new GroupObservation(id, views, false, 0, 7, 7, false, eventTime);
    }
}
