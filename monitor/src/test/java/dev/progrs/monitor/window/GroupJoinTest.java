package dev.progrs.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupJoinTest {
    private static SampleObservation scored(String g, int i) {
        return new SampleObservation(g, i, i % 2, 0.5, Map.of(2, 0.4), 9, 7, 100 + i);
    }

    @Test
    void scoredSamplesFirstThenAdvantagesJoinsAtOnceWithTheScoredView() {
        GroupJoin join = new GroupJoin(10, 100);
        assertTrue(join.onSample(scored("g", 0)).isEmpty());
        assertTrue(join.onSample(scored("g", 1)).isEmpty());
        List<JoinedGroup> out = join.onGroup(Windows.observation("g", 2, 500));
        assertEquals(1, out.size());
        assertEquals(0, out.get(0).samplesFromAdvantages());
        assertEquals(Map.of(2, 0.4), out.get(0).samples().get(1).coherence(), "sample view comes from progrs.scored");
        assertEquals(0, join.pendingGroups());
    }

    @Test
    void advantagesFirstWaitsForTheLastScoredSample() {
        GroupJoin join = new GroupJoin(10, 100);
        assertTrue(join.onGroup(Windows.observation("g", 2, 500)).isEmpty());
        assertTrue(join.onSample(scored("g", 1)).isEmpty());
        List<JoinedGroup> out = join.onSample(scored("g", 0));
        assertEquals(1, out.size());
        assertEquals(List.of(0, 1), out.get(0).samples().stream().map(SampleObservation::sampleIndex).toList());
    }

    @Test
    void aGroupWaitingPastTheGraceIsEmittedWithSamplesRebuiltFromItsAdvantages() {
        GroupJoin join = new GroupJoin(2, 100);
        join.onSample(scored("late", 0));
        assertTrue(join.onGroup(Windows.observation("late", 2, 500)).isEmpty());
        join.onSample(scored("x", 0));
        assertTrue(join.onGroup(Windows.observation("x", 1, 600)).stream().noneMatch(g -> g.group().groupId().equals("late")));
        join.onSample(scored("y", 0));
        join.onGroup(Windows.observation("y", 1, 700));
        join.onSample(scored("z", 0));
        List<JoinedGroup> out = join.onGroup(Windows.observation("z", 1, 800));
        JoinedGroup late = out.stream().filter(g -> g.group().groupId().equals("late")).findFirst().orElseThrow();
        assertEquals(1, late.samplesFromAdvantages());
        assertEquals(Map.of(), late.samples().get(1).coherence(), "rebuilt sample has no coherence");
        assertEquals(11, late.samples().get(1).responseLength());
        assertEquals(1, join.samplesFromAdvantages());
    }

    @Test
    void scoredSamplesWithoutAdvantagesAreDroppedOldestFirstBeyondTheBoundAndCounted() {
        GroupJoin join = new GroupJoin(10, 2);
        join.onSample(scored("a", 0));
        join.onSample(scored("a", 1));
        join.onSample(scored("b", 0));
        join.onSample(scored("c", 0));
        assertEquals(2, join.pendingGroups());
        assertEquals(2, join.unjoinedSamples(), "group a's two samples");
        join.onSample(scored("c", 0));
        assertEquals(1, join.duplicateSamples());
    }

    @Test
    void flushEmitsGroupsWithAdvantagesAndCountsTheRest() {
        GroupJoin join = new GroupJoin(10, 100);
        join.onGroup(Windows.observation("g", 3, 500));
        join.onSample(scored("g", 0));
        join.onSample(scored("orphan", 0));
        List<JoinedGroup> out = join.flush();
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).samplesFromAdvantages());
        assertEquals(1, join.unjoinedSamples());
        assertEquals(0, join.pendingGroups());
    }

    @Test
    void withAWatermarkAGroupWaitsForItsScoredSamplesPastAnyCountUntilTheWatermarkPassesIt() {
        GroupJoin join = new GroupJoin(0, 100);
        join.waitForWatermark();
        assertTrue(join.onGroup(Windows.observation("g", 2, 500)).isEmpty());
        for (int i = 0; i < 5; i++) {
            assertTrue(join.onGroup(Windows.observation("other" + i, 2, 600 + i)).isEmpty(), "no count-based grace");
        }
        join.onSample(scored("g", 0));
        assertTrue(join.expire(499).isEmpty());
        List<JoinedGroup> out = join.expire(500);
        assertEquals(List.of("g"), out.stream().map(g -> g.group().groupId()).toList());
        assertEquals(1, out.get(0).samplesFromAdvantages());
    }
}
