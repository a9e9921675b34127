package dev.progrs.stage.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StageStateTest {

    @Test
    void aCreatedStageEitherRunsOrIsClosedUnstarted() {
        assertTrue(StageState.CREATED.canBecome(StageState.RUNNING));
        assertTrue(StageState.CREATED.canBecome(StageState.CLOSED));
        assertFalse(StageState.CREATED.canBecome(StageState.STOPPED));
    }

    @Test
    void aStoppingStageCannotRunAgain() {
        assertFalse(StageState.STOPPING.canBecome(StageState.RUNNING));
        assertTrue(StageState.STOPPING.canBecome(StageState.CRASHED));
    }

    @Test
    void terminalStatesAcceptNoTransition() {
        for (StageState terminal : new StageState[] {StageState.STOPPED, StageState.FAILED, StageState.CRASHED, StageState.CLOSED}) {
            assertTrue(terminal.isTerminal());
            for (StageState next : StageState.values()) {
                assertFalse(terminal.canBecome(next), terminal + " -> " + next);
            }
        }
    }
}
