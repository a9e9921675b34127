package dev.progrs.stage.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.stage.clock.StageClock.Kind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StageClockTest {
    private static final long S = 1_000_000_000L;

    @Test
    void lapsSplitAliveTimeIntoBusyWaitingAndTheUnaccountedRest() {
        AtomicLong t = new AtomicLong(100 * S);
        StageClock clock = new StageClock("generator", t::get);
        long lap = clock.start();
        t.addAndGet(3 * S);
        lap = clock.lap("prompt-wait", Kind.WAITING, lap);
        t.addAndGet(5 * S);
        lap = clock.lap("sampling", Kind.BUSY, lap);
        t.addAndGet(1 * S);
        clock.lap("publishing", Kind.BUSY, lap);
        t.addAndGet(2 * S); // not attributed
        clock.stop();
        t.addAndGet(50 * S); // after stop: alive no longer grows

        StageClock.Snapshot s = clock.snapshot();
        assertEquals(11.0, s.aliveSeconds(), 1e-9);
        assertEquals(6.0, s.busy(), 1e-9);
        assertEquals(3.0, s.waiting(), 1e-9);
        assertEquals(2.0, s.unaccounted(), 1e-9);
        assertEquals(List.of("sampling", "publishing"), List.copyOf(s.busySeconds().keySet()));
        assertEquals(Map.of("prompt-wait", 3.0), s.waitingSeconds());
    }

    @Test
    void anActivityKeepsItsKind() {
        StageClock clock = new StageClock("scorer");
        clock.add("scoring", Kind.BUSY, 10);
        assertThrows(IllegalArgumentException.class, () -> clock.add("scoring", Kind.WAITING, 10));
        assertThrows(IllegalArgumentException.class, () -> clock.add("scoring", Kind.BUSY, -1));
    }

    /** Two activities of a test stage, each with its kind. */
    private enum TestActivity implements StageActivity {
        WORK, WAIT;

        @Override
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Kind kind() {
            return this == WORK ? Kind.BUSY : Kind.WAITING;
        }
    }

    @Test
    void anEnumActivityIsRecordedUnderItsIdAndKind() {
        AtomicLong t = new AtomicLong();
        StageClock clock = new StageClock("test", t::get);
        long lap = clock.start();
        t.addAndGet(2 * S);
        lap = clock.lap(TestActivity.WAIT, lap);
        t.addAndGet(3 * S);
        clock.lap(TestActivity.WORK, lap);
        StageClock.Snapshot s = clock.snapshot();
        assertEquals(Map.of("work", 3.0), s.busySeconds());
        assertEquals(Map.of("wait", 2.0), s.waitingSeconds());
        assertThrows(IllegalArgumentException.class, () -> clock.add("work", Kind.WAITING, 1));
    }

    @Test
    void notStartedIsNotAlive() {
        StageClock clock = new StageClock("learner");
        clock.add("update", Kind.BUSY, 2 * S);
        assertEquals(0.0, clock.snapshot().aliveSeconds());
        assertEquals(2.0, clock.snapshot().busy(), 1e-9);
    }

    @Test
    void instancesOfAStageAddUpInThreadSeconds() {
        StageClock.Snapshot a = new StageClock.Snapshot("generator-0", 10, Map.of("sampling", 6.0), Map.of("gate-closed", 3.0));
        StageClock.Snapshot b = new StageClock.Snapshot("generator-1", 10, Map.of("sampling", 4.0, "publishing", 1.0), Map.of());
        StageClock.Snapshot sum = a.plus(b, "generation");
        assertEquals("generation", sum.stage());
        assertEquals(20.0, sum.aliveSeconds(), 1e-9);
        assertEquals(11.0, sum.busy(), 1e-9);
        assertEquals(10.0, sum.busySeconds().get("sampling"), 1e-9);
        assertEquals(3.0, sum.waiting(), 1e-9);
    }

    @Test
    void concurrentRecordingLosesNothing() throws InterruptedException {
        StageClock clock = new StageClock("centering");
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 10_000; j++) {
                    clock.add("processing", Kind.BUSY, 1000);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4 * 10_000 * 1000 / 1e9, clock.snapshot().busy(), 1e-12);
    }
}
