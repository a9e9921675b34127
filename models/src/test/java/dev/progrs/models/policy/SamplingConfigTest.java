package dev.progrs.models.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplingConfigTest {

    @Test
    void badValuesAreRefusedInTheShapeOfEveryOtherSettingError() {
        assertEquals("Invalid value '0.0' for configuration 'temperature': accepted a finite number > 0",
                assertThrows(IllegalArgumentException.class, () -> SamplingConfig.sample(0f, 1.0, 8, 1L)).getMessage());
        assertEquals("Invalid value '1.5' for configuration 'top-p': accepted 0 < top-p <= 1",
                assertThrows(IllegalArgumentException.class, () -> SamplingConfig.sample(1f, 1.5, 8, 1L)).getMessage());
        assertEquals("Invalid value '0' for configuration 'max-new-tokens': accepted an integer >= 1",
                assertThrows(IllegalArgumentException.class, () -> SamplingConfig.greedy(0)).getMessage());
    }
}
