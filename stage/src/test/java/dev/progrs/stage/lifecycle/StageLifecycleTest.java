package dev.progrs.stage.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class StageLifecycleTest {

    @Test
    void aLoopThatReturnsEndsStoppedAndReleasesOnce() throws Exception {
        StageLifecycle life = new StageLifecycle("test");
        List<StageState> released = new ArrayList<>();
        life.run(() -> assertTrue(life.isRunning()), released::add);
        assertEquals(List.of(StageState.STOPPED), released);
        assertEquals(StageState.STOPPED, life.state());
        assertTrue(life.awaitTermination(Duration.ZERO));
    }

    @Test
    void aWakeUpAfterAStopRequestIsANormalStop() {
        StageLifecycle life = new StageLifecycle("test");
        life.run(() -> {
            assertEquals(StageState.RUNNING, life.requestStop());
            throw new WakeupException();
        }, end -> { });
        assertEquals(StageState.STOPPED, life.state());
        assertTrue(life.failure().isEmpty());
    }

    @Test
    void anUnexpectedWakeUpFailsTheStage() {
        StageLifecycle life = new StageLifecycle("test");
        assertThrows(WakeupException.class, () -> life.run(() -> {
            throw new WakeupException();
        }, end -> { }));
        assertEquals(StageState.FAILED, life.state());
    }

    @Test
    void anExceptionFailsTheStageIsKeptAndRethrown() {
        StageLifecycle life = new StageLifecycle("test");
        IllegalStateException bug = new IllegalStateException("bug");
        List<StageState> released = new ArrayList<>();
        assertSame(bug, assertThrows(IllegalStateException.class, () -> life.run(() -> {
            throw bug;
        }, released::add)));
        assertEquals(List.of(StageState.FAILED), released);
        assertSame(bug, life.failure().orElseThrow());
    }

    @Test
    void aSimulatedCrashEndsCrashedWithoutThrowing() {
        StageLifecycle life = new StageLifecycle("test");
        List<StageState> released = new ArrayList<>();
        life.run(() -> {
            throw new SimulatedCrash("killed");
        }, released::add);
        assertEquals(List.of(StageState.CRASHED), released);
        assertEquals(StageState.CRASHED, life.state());
    }

    @Test
    void aStageRunsOnce() {
        StageLifecycle life = new StageLifecycle("test");
        life.run(() -> { }, end -> { });
        assertThrows(IllegalStateException.class, () -> life.run(() -> { }, end -> { }));
    }

    @Test
    void aStopBeforeRunClosesTheStageUnstarted() throws Exception {
        StageLifecycle life = new StageLifecycle("test");
        assertEquals(StageState.CREATED, life.requestStop());
        assertEquals(StageState.CLOSED, life.state());
        assertTrue(life.awaitTermination(Duration.ZERO));
        assertEquals(StageState.CLOSED, life.requestStop());
        assertThrows(IllegalStateException.class, () -> life.run(() -> { }, end -> { }));
    }

    @Test
    void aStopRequestCutsAPauseShort() {
        StageLifecycle life = new StageLifecycle("test");
        life.run(() -> {
            assertTrue(life.pause(Duration.ofMillis(1)));
            life.requestStop();
            long t0 = System.nanoTime();
            assertFalse(life.pause(Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
        }, end -> { });
    }
}
