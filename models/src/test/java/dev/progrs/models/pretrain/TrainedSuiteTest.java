package dev.progrs.models.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.progrs.tasks.arithmetic.SuiteVersion;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainedSuiteTest {

    @Test
    void theSuiteKeyNamesTheEdition() {
        assertEquals(Optional.of(SuiteVersion.V2), TrainedSuite.of(Map.of(TrainedSuite.KEY, "v2", "test-split",
                "arithmetic ArithmeticSuiteConfig[minSteps=2, maxSteps=10, modulus=7, version=V1]")));
    }

    @Test
    void olderCheckpointsNameItInTheirTestSplitOrAreOfTheFirstEdition() {
        assertEquals(Optional.of(SuiteVersion.V1), TrainedSuite.of(Map.of("test-split",
                "arithmetic ArithmeticSuiteConfig[minSteps=2, maxSteps=10, modulus=7, testSetSize=1800, seed=1, version=V1]")));
        assertEquals(Optional.of(SuiteVersion.V0), TrainedSuite.of(Map.of("test-split",
                "arithmetic ArithmeticSuiteConfig[minSteps=2, maxSteps=8, modulus=10, distractors=0, testSetSize=500, seed=1]")));
        assertEquals(Optional.empty(), TrainedSuite.of(Map.of("command", "progrs pretrain")));
    }

    @Test
    void anUnknownEditionIsAnErrorNamingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainedSuite.of(Map.of(TrainedSuite.KEY, "v7")));
        assertEquals("Invalid value 'v7' for configuration 'version': accepted v0, v1, v2", e.getMessage());
    }
}
