package dev.progrs.generator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class PolicyGateTest {

    @Test
    void stalenessGateIsClosedWithoutAPolicy() {
        assertFalse(PolicyGate.staleness(2).admits(new GateState(-1, -1, 0)));
        assertFalse(PolicyGate.staleness(2).admits(new GateState(-1, 0, 0)));
    }

    @Test
    void stalenessGateOpensUpToMaxStalenessVersionsBehind() {
        PolicyGate gate = PolicyGate.staleness(2);
        assertTrue(gate.admits(new GateState(3, 3, 0)));
        assertTrue(gate.admits(new GateState(3, 5, 0)));
        assertFalse(gate.admits(new GateState(3, 6, 0)));
        assertTrue(PolicyGate.staleness(0).admits(new GateState(4, 4, 100)));
        assertFalse(PolicyGate.staleness(0).admits(new GateState(4, 5, 0)));
    }

    @Test
    void syncGateClosesAfterItsGroupsUntilANewVersionIsLoaded() {
        PolicyGate gate = PolicyGate.sync(4);
        assertTrue(gate.admits(new GateState(0, 0, 0)));
        assertEquals(1, gate.maxGroups(new GateState(0, 0, 3)));
        assertFalse(gate.admits(new GateState(0, 0, 4)));
        assertTrue(gate.admits(new GateState(1, 1, 0)));
    }

    @Test
    void combinedGatesTakeTheStricterAnswer() {
        PolicyGate gate = PolicyGate.staleness(1).and(PolicyGate.sync(8));
        assertFalse(gate.admits(new GateState(0, 2, 0)));
        assertFalse(gate.admits(new GateState(2, 2, 8)));
        assertTrue(gate.admits(new GateState(2, 3, 5)));
        assertEquals(3, gate.maxGroups(new GateState(2, 3, 5)));
    }

    @Test
    void invalidSettingsNameTheKey() {
        assertEquals("Invalid value '-1' for configuration 'max-staleness': accepted an integer >= 0",
                assertThrows(InvalidSettingException.class, () -> PolicyGate.staleness(-1)).getMessage());
        assertEquals("sync-groups", assertThrows(InvalidSettingException.class, () -> PolicyGate.sync(0)).key());
    }
}
