package dev.progrs.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeReorderTest {
    private static JoinedGroup at(String id, long t) {
        return new JoinedGroup(Windows.observation(id, 1, t), List.of(), 0);
    }

    private static List<String> ids(List<JoinedGroup> groups) {
        return groups.stream().map(g -> g.group().groupId()).toList();
    }

    @Test
    void releasesInEventTimeOrderUpToTheWatermark() {
        EventTimeReorder r = new EventTimeReorder(10);
        r.add(at("c", 30));
        r.add(at("a", 10));
        r.add(at("d", 40));
        r.add(at("b", 20));
        assertEquals(List.of("a", "b"), ids(r.release(25)));
        assertEquals(List.of(), ids(r.release(25)));
        assertEquals(List.of("c", "d"), ids(r.drain()));
    }

    @Test
    void aFullBufferReleasesItsOldestEarlyAndCountsIt() {
        EventTimeReorder r = new EventTimeReorder(2);
        r.add(at("b", 20));
        r.add(at("c", 30));
        assertEquals(List.of("a"), ids(r.add(at("a", 10))));
        assertEquals(1, r.releasedEarly());
        assertEquals(2, r.size());
    }
}
