package dev.progrs.monitor.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.stage.settings.InvalidSettingException;
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
        var e = assertThrows(InvalidSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.PH_LAMBDA, "-3")));
        assertEquals(DriftConfig.PH_LAMBDA, e.key());
        assertTrue(e.getMessage().contains("'-3.0'") && e.getMessage().contains(DriftConfig.PH_LAMBDA)
                && e.getMessage().contains("> 0"), e.getMessage());
        var notANumber = assertThrows(InvalidSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.TW_CURRENT, "four")));
        assertTrue(notANumber.getMessage().contains("'four'") && notANumber.getMessage().contains("an integer"));
        var bool = assertThrows(InvalidSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.PH_ENABLED, "yes")));
        assertTrue(bool.getMessage().contains("true or false"));
    }

    @Test
    void theGoldCheckedHackingSignalsAlertOnlyInTheirHarmfulDirection() {
        DriftConfig d = DriftConfig.defaults();
        assertEquals(AlertDirection.UP, d.alertDirection(WindowMetrics.SKIP_RATE));
        assertEquals(AlertDirection.UP, d.alertDirection(WindowMetrics.REWARDED_WRONG_STEP_SHARE));
        assertEquals(AlertDirection.DOWN, d.alertDirection(WindowMetrics.FIRST_ERROR_AUROC));
        assertEquals(AlertDirection.DOWN, d.alertDirection(WindowMetrics.PROGRESS_CONCORDANCE));
        assertTrue(d.describe().contains("skip_rate up") && d.describe().contains("first_error_auroc down"), d.describe());
    }

    @Test
    void theIncorrectSamplesProcessScoreAlertsOnARiseOnlyAndEveryOtherSignalBothWays() {
        DriftConfig d = DriftConfig.defaults();
        assertEquals(AlertDirection.UP, d.alertDirection(WindowMetrics.PROCESS_SCORE_INCORRECT));
        assertTrue(d.alertDirection(WindowMetrics.PROCESS_SCORE_INCORRECT).alerts(Direction.UP));
        assertFalse(d.alertDirection(WindowMetrics.PROCESS_SCORE_INCORRECT).alerts(Direction.DOWN));
        assertEquals(AlertDirection.BOTH, d.alertDirection("coherence_w4"));
    }

    @Test
    void aDirectionIsSetPerSignalAndOverridesTheDefault() {
        DriftConfig c = DriftConfig.fromSettings(Map.of(DriftConfig.DIRECTION_PREFIX + WindowMetrics.PROCESS_SCORE_INCORRECT, "down",
                DriftConfig.DIRECTION_PREFIX + WindowMetrics.SKIP_RATE, "both"));
        assertEquals(AlertDirection.DOWN, c.alertDirection(WindowMetrics.PROCESS_SCORE_INCORRECT));
        assertEquals(AlertDirection.BOTH, c.alertDirection(WindowMetrics.SKIP_RATE));
        assertEquals(AlertDirection.DOWN, c.alertDirection(WindowMetrics.FIRST_ERROR_AUROC), "defaults not named stay");
    }

    @Test
    void aBadDirectionNamesTheKeyAndTheAcceptedValues() {
        String key = DriftConfig.DIRECTION_PREFIX + WindowMetrics.SKIP_RATE;
        var e = assertThrows(InvalidSettingException.class, () -> DriftConfig.fromSettings(Map.of(key, "rising")));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains("'rising'") && e.getMessage().contains("up, down, both"), e.getMessage());
        var noSignal = assertThrows(InvalidSettingException.class,
                () -> DriftConfig.fromSettings(Map.of(DriftConfig.DIRECTION_PREFIX, "up")));
        assertTrue(noSignal.getMessage().contains("a signal name"), noSignal.getMessage());
    }
}
