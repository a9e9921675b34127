package dev.progrs.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftConfigTest {
    @Test
    void settingsOverrideTheDefaults() {
        DriftConfig c = DriftConfig.fromSettings(Map.of(DriftConfig.PH_LAMBDA, "7.5", DriftConfig.TW_ENABLED, "false",
                DriftConfig.SIGNALS, "accuracy, prm_bias_incorrect"));
        assertEquals(7.5, c.phLambda());
        assertFalse(c.twoWindow());
        assertEquals(Set.of("accuracy", "prm_bias_incorrect"), c.signals());
        assertTrue(c.watches("accuracy"));
        assertFalse(c.watches("response_length"));
        assertEquals(1, c.newDetectors().size());
        assertTrue(DriftConfig.defaults().watches("anything"));
    }

    @Test
    void aBadValueIsRejectedNamingTheKeyTheValueAndWhatIsAccepted() {
        var e = assertThrows(InvalidMonitorSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.PH_LAMBDA, "-3")));
        assertEquals(DriftConfig.PH_LAMBDA, e.key());
        assertTrue(e.getMessage().contains("'-3.0'") && e.getMessage().contains(DriftConfig.PH_LAMBDA)
                && e.getMessage().contains("> 0"), e.getMessage());
        var notANumber = assertThrows(InvalidMonitorSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.TW_CURRENT, "four")));
        assertTrue(notANumber.getMessage().contains("'four'") && notANumber.getMessage().contains("an integer"));
        var bool = assertThrows(InvalidMonitorSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.PH_ENABLED, "yes")));
        assertTrue(bool.getMessage().contains("true or false"));
    }
}
