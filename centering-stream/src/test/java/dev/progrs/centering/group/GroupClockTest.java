package dev.progrs.centering.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupClockTest {

    @Test
    void followsTheRecordTimestampsWhileGapsAreShort() {
        GroupClock c = new GroupClock(5_000);
        assertFalse(c.started());
        assertEquals(1_000, c.advance(1_000));
        assertTrue(c.started());
        assertEquals(3_000, c.advance(3_000));
        assertEquals(7_999, c.advance(7_999));
    }

    @Test
    void anOutageOfAnyLengthCountsAsAtMostTheMaximumGap() {
        GroupClock c = new GroupClock(5_000);
        c.advance(10_000);
        assertEquals(15_000, c.advance(10_000 + 130_000), "a 130 s silence counts as 5 s");
        assertEquals(15_100, c.advance(140_100), "after it the clock follows the timestamps again");
    }

    @Test
    void reorderedTimestampsAreNeverCountedTwiceAndTheClockNeverGoesBack() {
        GroupClock c = new GroupClock(5_000);
        c.advance(10_000);
        c.advance(12_000);
        assertEquals(12_000, c.advance(11_000), "a record 1 s behind moves nothing");
        assertEquals(13_000, c.advance(13_000), "and the next gap is measured from the latest timestamp");
    }

    @Test
    void aTimestampFarAheadMovesTheClockByOneGapAndTheNextNormalOneBecomesTheBaseline() {
        GroupClock c = new GroupClock(5_000);
        c.advance(10_000);
        assertEquals(15_000, c.advance(10_000 + 86_400_000L), "a record stamped a day ahead");
        assertEquals(15_000, c.advance(11_000), "back to normal: a new baseline, no jump");
        assertEquals(16_000, c.advance(12_000));
    }

    @Test
    void aRestoredClockContinuesWhereItWasSaved() {
        GroupClock a = new GroupClock(5_000);
        a.advance(1_000);
        a.advance(4_000);
        GroupClock b = new GroupClock(5_000);
        b.restore(a.now(), a.lastTimestamp());
        assertEquals(a.advance(6_000), b.advance(6_000));
    }

    @Test
    void aNonPositiveGapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GroupClock(0));
    }
}
