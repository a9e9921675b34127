package dev.progrs.centering.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.centering.topology.ScoredFixtures;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupHeadersTest {

    private static ScoredTrajectory sample(int index, int k, long version) {
        return ScoredFixtures.scored("g", index, k, 0, 0.5, version);
    }

    @Test
    void theBitmapRecordsIndicesBeyondOneByte() {
        GroupHeader h = GroupHeaders.open(ScoredSample.of(sample(0, 20, 5)), 100, 200);
        for (int i : new int[] {19, 0, 8, 7}) {
            assertFalse(GroupHeaders.hasIndex(h, i));
            GroupHeaders.add(h, i, 5, 300 + i);
            assertTrue(GroupHeaders.hasIndex(h, i));
        }
        assertArrayEquals(new int[] {0, 7, 8, 19}, GroupHeaders.indices(h));
        assertEquals(4, h.getSampleCount());
        assertFalse(GroupHeaders.hasIndex(h, 9));
        assertFalse(GroupHeaders.isComplete(h));
        assertEquals(307, h.getLastSampleAtMs());
    }

    @Test
    void stalenessUsesTheSmallestVersionWithoutReadingSamples() {
        GroupHeader h = GroupHeaders.open(ScoredSample.of(sample(0, 4, 7)), 0, 0);
        assertFalse(GroupHeaders.isStale(h, 100L, 2), "no samples yet: never stale");
        GroupHeaders.add(h, 0, 7, 0);
        GroupHeaders.add(h, 1, 4, 0);
        assertEquals(4, h.getMinPolicyVersion());
        // v_min = 4 < 7 − 2 = 5 → stale; 4 < 6 − 2 = 4 is false → not stale
        assertTrue(GroupHeaders.isStale(h, 7L, 2));
        assertFalse(GroupHeaders.isStale(h, 6L, 2));
        assertFalse(GroupHeaders.isStale(h, null, 2));
    }

    @Test
    void closingKeepsAMarkerThatStillSaysWhichSamplesWereIn() {
        GroupHeader h = GroupHeaders.open(ScoredSample.of(sample(0, 3, 1)), 0, 0);
        GroupHeaders.add(h, 1, 1, 0);
        GroupHeaders.close(h, GroupHeaders.TIMED_OUT_DROPPED, 42);
        assertFalse(GroupHeaders.isOpen(h));
        assertEquals(1, h.getSampleCount());
        assertArrayEquals(new int[] {1}, GroupHeaders.indices(h));
        assertTrue(GroupHeaders.hasIndex(h, 1), "a later copy of sample 1 is a duplicate");
        assertFalse(GroupHeaders.hasIndex(h, 0), "sample 0 arriving now is late");
        assertEquals(42, h.getClosedAtMs());
    }

    @Test
    void groupCenteringGivesThePureFunctionsAdvantagesInIndexOrder() {
        List<ScoredTrajectory> group = new ArrayList<>();
        for (int i : new int[] {2, 0, 3, 1}) {
            ScoredTrajectory s = sample(i, 4, 1);
            s.getTrajectory().setOutcomeReward(i % 2);
            s.setProcessScore(0.1 + 0.2 * i);
            group.add(s);
        }
        GroupAdvantages g = GroupCentering.center(group, CenteringConfig.defaults(), 99);
        assertEquals(List.of(0, 1, 2, 3), g.getSamples().stream().map(SampleAdvantage::getSampleIndex).toList());
        double[] expected = dev.progrs.centering.maths.ProgrsAdvantages.compute(new double[] {0, 1, 0, 1},
                new double[] {0.1, 0.1 + 0.2, 0.1 + 0.2 * 2, 0.1 + 0.2 * 3}, CenteringConfig.defaults()).advantage();
        assertArrayEquals(expected, g.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 0.0);
        assertEquals(group.get(1).getTrajectory().getResponseTokenIds(), g.getSamples().get(0).getResponseTokenIds());
        assertEquals(99, g.getEmittedAtMs());
        group.add(sample(3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> GroupCentering.center(group, CenteringConfig.defaults(), 0));
    }

    @Test
    void outputContentErrorsNameTheAcceptedValues() {
        assertEquals(OutputContent.SCORES_ONLY, OutputContent.fromConfig("scores-only"));
        var e = assertThrows(dev.progrs.stage.settings.InvalidSettingException.class, () -> OutputContent.fromConfig("tokens"));
        assertEquals("output", e.key());
        assertTrue(e.getMessage().contains("full, scores-only"), e.getMessage());
    }
}
