package dev.progrs.monitor.lag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MonitorLagTest {

    @Test
    void timeLagIsProcessingTimeMinusRecordTimestampPerTopic() {
        MonitorLag lag = new MonitorLag();
        // records of progrs.scored stamped 1000 ms apart, processed at 1000 + 10·i ms later
        for (int i = 1; i <= 100; i++) {
            long ts = 1_000_000L + 1000L * i;
            assertEquals(10L * i, lag.onRecord("progrs.scored", ts + 10L * i, ts));
        }
        lag.onRecord("progrs.advantages", 5_000, 4_000);
        MonitorLag.Snapshot s = lag.snapshot();
        LagDistribution.Summary scored = s.timeLagMsByTopic().get("progrs.scored");
        assertEquals(100, scored.count());
        assertEquals(500, scored.median()); // nearest rank: 50th of 10..1000
        assertEquals(950, scored.p95());
        assertEquals(1000, scored.max());
        assertEquals(505.0, scored.mean(), 1e-9);
        assertEquals(1000, s.timeLagMsByTopic().get("progrs.advantages").median());
    }

    @Test
    void aRecordStampedAfterItsProcessingCountsAsNoLag() {
        MonitorLag lag = new MonitorLag();
        assertEquals(0, lag.onRecord("t", 1_000, 1_005)); // broker clock ahead of ours
        assertEquals(0, lag.snapshot().timeLagMsByTopic().get("t").max());
    }

    @Test
    void offsetLagSamplesAreSummarised() {
        MonitorLag lag = new MonitorLag();
        long[] samples = {0, 0, 0, 8, 0, 9, 0, 0, 40, 0};
        for (long v : samples) {
            lag.onOffsetLag(v);
        }
        LagDistribution.Summary o = lag.snapshot().offsetLag();
        assertEquals(10, o.count());
        assertEquals(0, o.median());
        assertEquals(40, o.p95());
        assertEquals(40, o.max());
        assertEquals(5.7, o.mean(), 1e-9);
    }

    @Test
    void percentilesCoverTheRecentWindowWhileCountAndMaxCoverEverything() {
        LagDistribution d = new LagDistribution();
        d.record(1_000_000); // falls out of the percentile window
        for (int i = 0; i < LagDistribution.WINDOW; i++) {
            d.record(7);
        }
        LagDistribution.Summary s = d.summary();
        assertEquals(LagDistribution.WINDOW + 1L, s.count());
        assertEquals(7, s.p95());
        assertEquals(1_000_000, s.max());
    }

    @Test
    void emptyIsAllZero() {
        assertEquals(new LagDistribution.Summary(0, 0, 0, 0, 0), new LagDistribution().summary());
    }
}
