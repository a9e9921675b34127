package dev.progrs.learner.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class DualClipTest {

    @Test
    void offAndNumbersAboveOneAreAccepted() {
        assertTrue(DualClip.fromConfig("off").off());
        assertTrue(DualClip.fromConfig(" OFF ").off());
        assertEquals(3.0, DualClip.fromConfig("3").c());
        assertEquals(1.5, DualClip.fromConfig("1.5").c());
        assertEquals(DualClip.DEFAULT, new DualClip(3));
    }

    @Test
    void theConfigValueReadsBack() {
        for (DualClip c : new DualClip[] {DualClip.OFF, DualClip.DEFAULT, new DualClip(10)}) {
            assertEquals(c, DualClip.fromConfig(c.configValue()));
        }
        assertEquals("off", DualClip.OFF.configValue());
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyAndTheAcceptedValues() {
        for (String bad : new String[] {"1", "0.5", "-3", "three", "", "Infinity", "NaN"}) {
            var e = assertThrows(InvalidSettingException.class, () -> DualClip.fromConfig(bad), bad);
            assertEquals("Invalid value '" + bad + "' for configuration 'dual-clip': accepted off, or a finite number c > 1 "
                    + "(default 3, as verl)", e.getMessage());
            assertEquals(DualClip.CONFIG, e.key());
            assertEquals(bad, e.value());
        }
        assertEquals(DualClip.CONFIG, assertThrows(InvalidSettingException.class, () -> new DualClip(1.0)).key());
    }
}
