package dev.progrs.centering.maths;

import dev.progrs.stage.settings.InvalidSettingException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CenteringConfigTest {

    @Test
    void defaultsAreProgrs() {
        assertEquals(new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, false, BonusScale.RAW),
                CenteringConfig.fromSettings(Map.of()));
        assertEquals("centering=incorrect mixing=advantage lambda=0.1 std=unbiased dominance-guard=off bonus-scale=raw",
                CenteringConfig.defaults().describe());
    }

    @Test
    void everyKeyIsReadByName() {
        CenteringConfig c = CenteringConfig.fromSettings(Map.of("centering", "both", "mixing", "reward",
                "lambda", "0.25", "std", "none", "dominance-guard", "on", "bonus-scale", "std"));
        assertEquals(new CenteringConfig(CenteringMode.BOTH, MixingMode.REWARD, 0.25, StdMode.NONE, true, BonusScale.STD), c);
    }

    @Test
    void unknownValuesNameKeyValueAndAcceptedValues() {
        assertMessage(Map.of("mixing", "loss"), "mixing", "advantage, reward");
        assertMessage(Map.of("std", "biased"), "std", "unbiased, none");
        assertMessage(Map.of("centering", "all"), "centering", "incorrect, both, group, none");
        assertMessage(Map.of("dominance-guard", "maybe"), "dominance-guard", "on, off");
        assertMessage(Map.of("bonus-scale", "unit"), "bonus-scale", "raw, std");
        assertMessage(Map.of("lambda", "-1"), "lambda", ">= 0");
        assertMessage(Map.of("lambda", "big"), "lambda", ">= 0");
        assertMessage(Map.of("lambda", "Infinity"), "lambda", ">= 0");
    }

    private static void assertMessage(Map<String, String> settings, String key, String accepted) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> CenteringConfig.fromSettings(settings));
        assertEquals(key, e.key());
        String value = settings.get(key);
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(accepted), e.getMessage());
        assertTrue(e.getMessage().contains(value) || e.getMessage().contains(String.valueOf(Double.parseDouble(value.replace("big", "0")))),
                e.getMessage());
    }
}
