package dev.progrs.centering.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.centering.maths.MixingMode;
import dev.progrs.centering.maths.StdMode;
import dev.progrs.wire.GroupAdvantages;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The replay report in bounded memory: summaries exact, correlations over a sample both streams draw alike. */
class BoundedComparisonTest {

    private static List<GroupAdvantages> groups(int n, CenteringConfig c, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<GroupAdvantages> out = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            double[] r = {1, 0, g % 2, 0};
            double[] b = {random.nextDouble(), random.nextDouble(), random.nextDouble(), random.nextDouble()};
            out.add(ReplayReportTest.group("g" + g, r, b, c));
        }
        return out;
    }

    @Test
    void aSampledComparisonMatchesTheSameSamplesInBothStreamsAndKeepsSummariesExact() {
        CenteringConfig none = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, false);
        List<GroupAdvantages> live = groups(500, CenteringConfig.defaults(), 1);
        List<GroupAdvantages> replay = groups(500, none, 1); // same scores, other centering
        AdvantageComparison.Builder b = new AdvantageComparison.Builder(300);
        live.forEach(b.stream("live")::add);
        replay.forEach(b.stream("replay")::add);
        AdvantageComparison c = b.build();
        assertFalse(c.exact());
        assertEquals(300, c.matched().get(0), "both streams keep the same 300 of 2,000 samples");
        assertEquals(300, c.advantages().get("replay").length);
        AdvantageSummary exact = AdvantageSummary.of("replay", replay);
        assertEquals(exact, c.summaries().get(1), "summaries are over every record, not the sample");
        assertTrue(c.spearman().get(0) > 0.5, String.valueOf(c.spearman()));
        assertTrue(c.markdown("t", null).contains("hash sample of at most"), c.markdown("t", null));
    }

    @Test
    void withinCapacityTheComparisonIsExact() {
        List<GroupAdvantages> s = groups(50, CenteringConfig.defaults(), 2);
        AdvantageComparison.Builder b = new AdvantageComparison.Builder(1_000);
        s.forEach(b.stream("a")::add);
        s.forEach(b.stream("b")::add);
        AdvantageComparison c = b.build();
        assertTrue(c.exact());
        assertEquals(200, c.matched().get(0));
        assertEquals(1.0, c.spearman().get(0), 1e-12);
    }

    @Test
    void theGroupFilterHasNoFalseNegativesAndFewFalsePositives() {
        GroupIdFilter f = new GroupIdFilter(10_000);
        for (int g = 0; g < 10_000; g++) {
            f.add("replayed-" + g);
        }
        for (int g = 0; g < 10_000; g++) {
            assertTrue(f.mightContain("replayed-" + g));
        }
        int passed = 0;
        for (int g = 0; g < 100_000; g++) {
            passed += f.mightContain("other-" + g) ? 1 : 0;
        }
        // 32 bits per id, 7 hashes: (1 − e^(−7/32))^7 ≈ 2·10⁻⁵ → ~2 of 100,000 expected
        assertTrue(passed <= 20, passed + " false positives");
    }
}
