package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.models.transformer.TransformerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrmConfigTest {

    @Test
    void levelsReadBackAndBadOnesAreRefusedAsWritten() {
        assertEquals(List.of(0.1, 0.5, 0.9), PrmConfig.parseLevels(" 0.1, 0.5 ,0.9"));
        assertEquals("Invalid value '0.1,x' for configuration 'prm.quantile-levels': accepted a comma-separated strictly ascending "
                + "list of levels in (0, 1), e.g. 0.1,0.5,0.9",
                assertThrows(IllegalArgumentException.class, () -> PrmConfig.parseLevels("0.1,x")).getMessage());
        assertEquals("Invalid value '0.5,0.1' for configuration 'prm.quantile-levels': accepted a non-empty strictly ascending "
                + "list of levels in (0, 1), e.g. 0.1,0.5,0.9 (0.1 is out of order or outside (0, 1))",
                assertThrows(IllegalArgumentException.class, () -> PrmConfig.parseLevels("0.5,0.1")).getMessage());
    }

    @Test
    void anArchitectureWhoseHeadsDoNotDivideTheWidthIsRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TransformerConfig(10, 16, 2, 3, 64, 32, true, 1e-5f));
        assertEquals("Invalid value '3' for configuration 'heads': accepted a divisor of dModel (16)", e.getMessage());
        assertEquals("Invalid value '0' for configuration 'layers': accepted an integer > 0",
                assertThrows(IllegalArgumentException.class, () -> TinyPrms.config().architecture().withLayers(0)).getMessage());
    }
}
