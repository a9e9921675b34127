package dev.progrs.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowerTest {
    private static JoinedGroup at(String id, long t) {
        return new JoinedGroup(Windows.observation(id, 1, t), List.of(), 0);
    }

    @Test
    void countWindowsCloseEveryNGroupsAndSpanTheirEventTimes() {
        Windower w = new CountWindower(3);
        List<ClosedWindow> closed = new ArrayList<>();
        long[] times = {50, 10, 30, 70, 60, 90, 20};
        for (int i = 0; i < times.length; i++) {
            List<ClosedWindow> c = w.add(at("g" + i, times[i]));
            assertEquals(i == 2 || i == 5 ? 1 : 0, c.size(), "after group " + i);
            closed.addAll(c);
        }
        closed.addAll(w.flush());
        assertEquals(List.of(0L, 1L, 2L), closed.stream().map(ClosedWindow::index).toList());
        assertEquals(List.of(3, 3, 1), closed.stream().map(c -> c.groups().size()).toList());
        assertEquals(10, closed.get(0).startMs());
        assertEquals(50, closed.get(0).endMs());
        assertEquals(60, closed.get(1).startMs());
        assertEquals(90, closed.get(1).endMs());
        assertTrue(w.flush().isEmpty());
    }

    @Test
    void timeWindowsCloseWhenTheWatermarkPassesTheirEndAndDropLateGroups() {
        Windower w = new TimeWindower(1000, 0);
        assertTrue(w.add(at("a", 100)).isEmpty());
        assertTrue(w.add(at("b", 900)).isEmpty());
        List<ClosedWindow> c = w.add(at("c", 1500));
        assertEquals(1, c.size());
        assertEquals(0, c.get(0).startMs());
        assertEquals(1000, c.get(0).endMs());
        assertEquals(2, c.get(0).groups().size());
        assertTrue(w.add(at("late", 500)).isEmpty());
        assertEquals(1, w.lateGroups());
        // 2100 closes [1000, 2000); 5100 closes [2000, 3000) and nothing for the empty [3000, 5000)
        assertEquals(List.of(1000L), w.add(at("d", 2100)).stream().map(ClosedWindow::startMs).toList());
        List<ClosedWindow> more = w.add(at("e", 5100));
        assertEquals(List.of(2000L), more.stream().map(ClosedWindow::startMs).toList());
        assertEquals(2, more.get(0).index(), "indexes count emitted windows");
        assertEquals(List.of(5000L), w.flush().stream().map(ClosedWindow::startMs).toList());
    }

    @Test
    void allowedLatenessKeepsAWindowOpenForOutOfOrderGroups() {
        Windower w = new TimeWindower(1000, 600);
        assertTrue(w.add(at("a", 100)).isEmpty());
        assertTrue(w.add(at("b", 1500)).isEmpty(), "watermark 900 < 1000");
        assertTrue(w.add(at("c", 950)).isEmpty());
        List<ClosedWindow> c = w.add(at("d", 1700));
        assertEquals(1, c.size());
        assertEquals(2, c.get(0).groups().size(), "a and the out-of-order c");
        assertEquals(0, w.lateGroups());
    }
}
