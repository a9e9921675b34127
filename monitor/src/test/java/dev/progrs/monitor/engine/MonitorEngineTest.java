package dev.progrs.monitor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.drift.DriftConfig;
import dev.progrs.monitor.window.GroupObservation;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.monitor.window.WindowKind;
import dev.progrs.tasks.arithmetic.SuiteVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorEngineTest {
    private static final MonitorConfig ONE_GROUP_WINDOWS = new MonitorConfig(WindowKind.COUNT, 1, 1000, 0, 10, 100, 100,
            DriftConfig.defaults(), SuiteVersion.V1);

    private static GroupObservation group(String id, long t) {
        return new GroupObservation(id, List.of(new GroupObservation.SampleAdvantageView(0, 1, 0.5, 0, 0, 10, t)),
                false, 0, 0, 0, false, t);
    }

    private static SampleObservation sample(String id, long t) {
        return new SampleObservation(id, 0, 1, 0.5, Map.of(2, 0.5), 10, 0, t);
    }

    @Test
    void liveModeWindowsGroupsInJoinOrder() {
        MonitorEngine e = new MonitorEngine(ONE_GROUP_WINDOWS, () -> 0L);
        List<Long> starts = new ArrayList<>();
        for (long t : new long[] {300, 100, 200}) {
            e.onSample(sample("g" + t, t));
            e.onGroup(group("g" + t, t)).forEach(w -> starts.add(w.metrics().startMs()));
        }
        assertEquals(List.of(300L, 100L, 200L), starts);
    }

    @Test
    void heldGroupsAreWindowedInEventTimeOrderAsTheWatermarkAdvances() {
        MonitorEngine e = new MonitorEngine(ONE_GROUP_WINDOWS, () -> 0L);
        e.holdForWatermark();
        for (long t : new long[] {300, 100, 200}) {
            e.onSample(sample("g" + t, t));
            assertTrue(e.onGroup(group("g" + t, t)).isEmpty(), "held");
        }
        assertEquals(3, e.heldGroups());
        List<WindowResult> released = e.advanceWatermark(250);
        assertEquals(List.of(100L, 200L), released.stream().map(w -> w.metrics().startMs()).toList());
        assertEquals(List.of(0L, 1L), released.stream().map(w -> w.metrics().index()).toList());
        assertEquals(List.of(300L), e.flush().stream().map(w -> w.metrics().startMs()).toList());
        assertEquals(0, e.heldGroups());
    }
}
