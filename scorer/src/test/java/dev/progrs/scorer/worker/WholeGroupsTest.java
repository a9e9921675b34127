package dev.progrs.scorer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WholeGroupsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    /** Samples {@code from..to-1} of group {@code g} (size {@code k}) at consecutive offsets from {@code offset}. */
    private static void group(List<WholeGroups.Polled> out, TopicPartition tp, long offset, String g, int k, int from, int to) {
        for (int s = from; s < to; s++) {
            out.add(new WholeGroups.Polled(tp, offset + s - from, g, s, k));
        }
    }

    @Test
    void completeGroupsAreAllScored() {
        List<WholeGroups.Polled> polled = new ArrayList<>();
        group(polled, P0, 10, "a", 4, 0, 4);
        group(polled, P0, 14, "b", 4, 0, 4);
        group(polled, P1, 0, "c", 4, 0, 4);
        assertEquals(Map.of(), new WholeGroups().holdBack(polled));
    }

    @Test
    void aGroupCutAtTheEndOfThePollIsHeldBackFromItsFirstRecord() {
        WholeGroups whole = new WholeGroups();
        List<WholeGroups.Polled> polled = new ArrayList<>();
        group(polled, P0, 10, "a", 4, 0, 4);
        group(polled, P0, 14, "b", 4, 0, 2);
        group(polled, P1, 0, "c", 4, 0, 4);
        assertEquals(Map.of(P0, 14L), whole.holdBack(polled));

        // the next poll begins with the whole group
        List<WholeGroups.Polled> next = new ArrayList<>();
        group(next, P0, 14, "b", 4, 0, 4);
        group(next, P0, 18, "d", 4, 0, 4);
        assertEquals(Map.of(), whole.holdBack(next));
    }

    @Test
    void aCutGroupThatBeginsThePartitionIsHeldOnceThenScoredAsItIs() {
        WholeGroups whole = new WholeGroups();
        List<WholeGroups.Polled> polled = new ArrayList<>();
        group(polled, P0, 10, "a", 8, 0, 3); // samples lost upstream, or a group larger than a poll
        group(polled, P1, 0, "c", 4, 0, 4);
        assertEquals(Map.of(P0, 10L), whole.holdBack(polled));

        List<WholeGroups.Polled> other = new ArrayList<>();
        group(other, P1, 4, "e", 4, 0, 4); // a poll without the partition keeps its cut in mind
        assertEquals(Map.of(), whole.holdBack(other));

        List<WholeGroups.Polled> again = new ArrayList<>();
        group(again, P0, 10, "a", 8, 0, 3);
        group(again, P0, 13, "b", 4, 0, 4);
        group(again, P0, 17, "c", 4, 0, 1);
        assertEquals(Map.of(P0, 17L), whole.holdBack(again)); // a goes as it is; the newly cut c waits
    }

    @Test
    void interleavedGroupsAreHeldFromTheEarliestIncompleteOne() {
        List<WholeGroups.Polled> polled = new ArrayList<>();
        group(polled, P0, 0, "a", 2, 0, 2);
        // two generators' transactions interleaved in the partition; the poll ends inside one of them
        polled.add(new WholeGroups.Polled(P0, 2, "b", 0, 3));
        polled.add(new WholeGroups.Polled(P0, 3, "c", 0, 3));
        polled.add(new WholeGroups.Polled(P0, 4, "b", 1, 3));
        polled.add(new WholeGroups.Polled(P0, 5, "c", 1, 3));
        polled.add(new WholeGroups.Polled(P0, 6, "c", 2, 3));
        assertEquals(Map.of(P0, 2L), new WholeGroups().holdBack(polled));
    }

    @Test
    void duplicateSamplesDoNotCompleteAGroupAndUndecodedRecordsBelongToNone() {
        List<WholeGroups.Polled> polled = new ArrayList<>();
        polled.add(WholeGroups.Polled.undecoded(P0, 0));
        group(polled, P0, 1, "a", 3, 0, 3);
        polled.add(new WholeGroups.Polled(P0, 4, "b", 0, 2));
        polled.add(new WholeGroups.Polled(P0, 5, "b", 0, 2));
        polled.add(WholeGroups.Polled.undecoded(P0, 6));
        assertEquals(Map.of(P0, 4L), new WholeGroups().holdBack(polled));
    }
}
