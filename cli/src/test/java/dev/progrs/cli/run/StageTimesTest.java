package dev.progrs.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.monitor.lag.MonitorLag;
import dev.progrs.schemas.Topics;
import dev.progrs.stage.clock.StageClock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageTimesTest {

    private static StageTimes twoStages() {
        return new StageTimes(20.0, false, 640, 768, 10, List.of(
                new StageClock.Snapshot("generation", 19.0, Map.of("sampling", 12.0), Map.of("gate-closed", 1.0, "prompt-wait", 5.0)),
                new StageClock.Snapshot("learning", 19.5, Map.of("update", 15.0), Map.of("batch-wait", 4.0))));
    }

    @Test
    void sharesAreOfTheRunsWallClockAndBusyTimesMayExceedIt() {
        StageTimes t = twoStages();
        assertEquals(27.0, t.totalBusy(), 1e-9);
        String md = t.markdown();
        assertTrue(md.contains("| generation | 19.0 | 12.0 | 60% | 6.0 | 30% | sampling 12.0 |"), md);
        assertTrue(md.contains("| learning | 19.5 | 15.0 | 75% | 4.0 | 20% | update 15.0 | batch-wait 4.0 |"), md);
        assertTrue(md.contains("| **all stages** | | 27.0 | 135% |"), md);
        assertTrue(md.contains("Σ busy / W = 1.35"), md);
    }

    @Test
    void jsonCarriesTheTotalsAPerStageSplitAndTheBudget() {
        Map<String, Object> json = twoStages().asJson();
        assertEquals(20.0, json.get("wallSeconds"));
        assertEquals(640L, json.get("rolloutsTrained"));
        assertEquals(27.0, (double) json.get("totalBusySeconds"), 1e-9);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stages = (List<Map<String, Object>>) json.get("stages");
        assertEquals("generation", stages.get(0).get("stage"));
        assertEquals(6.0, (double) stages.get(0).get("waitingSeconds"), 1e-9);
    }

    @Test
    void monitorLagIsComparedWithTheCompletionLatencyAndTheWindowLength() {
        MonitorLag lag = new MonitorLag();
        for (int i = 0; i < 10; i++) {
            lag.onRecord(Topics.SCORED, 10_000 + 50, 10_000);
            lag.onRecord(Topics.ADVANTAGES, 10_000 + 300, 10_000);
        }
        CenteringMetrics.Snapshot centering = new CenteringMetrics.Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 100, 100, 200, 250);
        MonitorLagSummary s = new MonitorLagSummary(lag.snapshot(), centering, 4, 20.0);
        assertEquals(5.0, s.windowSeconds(), 1e-9);
        assertEquals(3.0, s.advantagesLagOverCompletion(), 1e-9);
        assertEquals(0.01, s.scoredLagOverWindow(), 1e-9);
        assertTrue(s.markdown().contains("| progrs.scored | 10 | 50 | 50 | 50 | 50 |"), s.markdown());
        assertEquals(3.0, (double) s.asJson().get("advantagesLagP50OverCompletionP50"), 1e-9);
    }
}
