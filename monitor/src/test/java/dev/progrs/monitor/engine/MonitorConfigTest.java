package dev.progrs.monitor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.window.WindowKind;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.arithmetic.SuiteVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {
    @Test
    void timeWindowsAreConfigured() {
        MonitorConfig c = MonitorConfig.fromSettings(Map.of(WindowKind.CONFIG, "TIME", MonitorConfig.WINDOW_MS, "5000",
                MonitorConfig.LATENESS_MS, "0"));
        assertEquals(WindowKind.TIME, c.windowKind());
        assertEquals(5000, c.windowMs());
        assertEquals(0, c.allowedLatenessMs());
        assertTrue(c.describe().contains("time windows of 5000 ms"));
    }

    @Test
    void aBadWindowKindNamesTheAcceptedValues() {
        var e = assertThrows(InvalidSettingException.class,
                () -> MonitorConfig.fromSettings(Map.of(WindowKind.CONFIG, "sliding")));
        assertEquals(WindowKind.CONFIG, e.key());
        assertTrue(e.getMessage().contains("'sliding'") && e.getMessage().contains("count, time"), e.getMessage());
    }

    @Test
    void aZeroWindowIsRejected() {
        var e = assertThrows(InvalidSettingException.class,
                () -> MonitorConfig.fromSettings(Map.of(MonitorConfig.WINDOW_GROUPS, "0")));
        assertEquals(MonitorConfig.WINDOW_GROUPS, e.key());
    }

    @Test
    void theGoldCheckReadsTheDefaultSuiteUnlessANamedEditionIsGiven() {
        assertEquals(SuiteVersion.V2, MonitorConfig.defaults().goldCheckSuite());
        MonitorConfig c = MonitorConfig.fromSettings(Map.of(MonitorConfig.GOLD_CHECK_SUITE, "v0"));
        assertEquals(SuiteVersion.V0, c.goldCheckSuite());
        assertTrue(c.describe().contains("gold check on suite v0"), c.describe());
        var e = assertThrows(InvalidSettingException.class,
                () -> MonitorConfig.fromSettings(Map.of(MonitorConfig.GOLD_CHECK_SUITE, "v7")));
        assertEquals(MonitorConfig.GOLD_CHECK_SUITE, e.key());
        assertTrue(e.getMessage().contains("'v7'") && e.getMessage().contains("v0, v1 or v2"), e.getMessage());
    }
}
