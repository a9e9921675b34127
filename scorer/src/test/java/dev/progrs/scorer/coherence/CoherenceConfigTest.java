package dev.progrs.scorer.coherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.stage.settings.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoherenceConfigTest {

    @Test
    void defaultsAreTheMethodDefaults() {
        CoherenceConfig d = CoherenceConfig.defaults();
        assertEquals(List.of(2, 4, 8), d.windowSizes());
        assertEquals(1.0, d.lambdaVar());
        assertEquals(Windowing.PARTITION, d.windowing());
        assertEquals(ProcessScoreMode.COHERENCE, d.processScore());
        assertEquals(d, CoherenceConfig.fromSettings(Map.of()));
    }

    @Test
    void settingsOverrideDefaults() {
        CoherenceConfig c = CoherenceConfig.fromSettings(Map.of("window-sizes", "3, 6", "lambda-var", "0.5",
                "windows", "sliding", "process.score", "prm-min"));
        assertEquals(new CoherenceConfig(List.of(3, 6), 0.5, Windowing.SLIDING, ProcessScoreMode.PRM_MIN), c);
        assertEquals("windows=sliding window-sizes=3,6 lambda-var=0.5 process.score=prm-min", c.describe());
    }

    @Test
    void unknownWindowingNamesKeyValueAndAcceptedValues() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoherenceConfig.fromSettings(Map.of("windows", "tumbling")));
        assertEquals("windows", e.key());
        assertEquals("tumbling", e.value());
        assertTrue(e.getMessage().contains("'tumbling'") && e.getMessage().contains("partition, sliding"), e.getMessage());
    }

    @Test
    void unknownProcessScoreListsTheModes() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoherenceConfig.fromSettings(Map.of("process.score", "prm-max")));
        assertEquals("process.score", e.key());
        assertTrue(e.getMessage().contains("coherence, prm-mean, prm-min, prm-last"), e.getMessage());
    }

    @Test
    void emptyWindowListIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoherenceConfig.fromSettings(Map.of("window-sizes", " ")));
        assertEquals("window-sizes", e.key());
        assertThrows(InvalidSettingException.class,
                () -> new CoherenceConfig(List.of(), 1.0, Windowing.PARTITION, ProcessScoreMode.COHERENCE));
    }

    @Test
    void nonPositiveWindowIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoherenceConfig.fromSettings(Map.of("window-sizes", "2,0,8")));
        assertTrue(e.getMessage().contains("window-sizes") && e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> CoherenceConfig.fromSettings(Map.of("window-sizes", "2,-4")));
        assertThrows(InvalidSettingException.class, () -> CoherenceConfig.fromSettings(Map.of("window-sizes", "2,x")));
        assertThrows(InvalidSettingException.class, () -> CoherenceConfig.fromSettings(Map.of("window-sizes", "2,2")));
    }

    @Test
    void negativeOrNonFiniteLambdaVarIsRefused() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CoherenceConfig.fromSettings(Map.of("lambda-var", "-0.1")));
        assertEquals("lambda-var", e.key());
        assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> CoherenceConfig.fromSettings(Map.of("lambda-var", "NaN")));
        assertThrows(InvalidSettingException.class, () -> CoherenceConfig.fromSettings(Map.of("lambda-var", "one")));
    }
}
