package dev.progrs.scorer.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.stage.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class StepConfidenceTest {

    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final double[][] QUANTILES = {{0.1, 0.3, 0.8}, {0.4, 0.6, 0.65}};

    @Test
    void medianIsTheDefaultAndReadsTheMiddleColumn() {
        assertEquals(StepConfidence.median(), StepConfidence.fromConfig("0.5"));
        assertArrayEquals(new double[] {0.3, 0.6}, StepConfidence.median().confidences(LEVELS, QUANTILES));
        assertEquals("0.5", StepConfidence.median().configName());
    }

    @Test
    void anotherLevelReadsItsColumn() {
        assertArrayEquals(new double[] {0.8, 0.65}, StepConfidence.fromConfig("0.9").confidences(LEVELS, QUANTILES));
        assertArrayEquals(new double[] {0.1, 0.4}, StepConfidence.fromConfig(" 0.10 ").confidences(LEVELS, QUANTILES));
    }

    @Test
    void meanAveragesTheQuantilesOfEachStep() {
        // step 1: (0.1 + 0.3 + 0.8)/3 = 0.4 ; step 2: (0.4 + 0.6 + 0.65)/3 = 0.55
        double[] p = StepConfidence.fromConfig("mean").confidences(LEVELS, QUANTILES);
        assertArrayEquals(new double[] {0.4, 0.55}, p, 1e-12);
        assertEquals("mean", StepConfidence.mean().configName());
    }

    @Test
    void levelThePrmDoesNotHaveIsRefusedWithItsLevels() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> StepConfidence.fromConfig("0.25").confidences(LEVELS, QUANTILES));
        assertEquals("prm.quantile", e.key());
        assertTrue(e.getMessage().contains("0.25") && e.getMessage().contains("[0.1, 0.5, 0.9]")
                && e.getMessage().contains("mean"), e.getMessage());
    }

    @Test
    void garbageAndOutOfRangeValuesAreRefused() {
        assertThrows(InvalidSettingException.class, () -> StepConfidence.fromConfig("median"));
        assertThrows(InvalidSettingException.class, () -> StepConfidence.fromConfig("1.0"));
        assertThrows(InvalidSettingException.class, () -> StepConfidence.fromConfig("0"));
        assertThrows(InvalidSettingException.class, () -> StepConfidence.fromConfig("NaN"));
        assertThrows(InvalidSettingException.class, () -> StepConfidence.fromConfig(""));
    }

    @Test
    void stepWithWrongNumberOfQuantilesIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> StepConfidence.median().confidences(LEVELS, new double[][] {{0.2, 0.4}}));
    }

    @Test
    void noStepsGiveNoConfidences() {
        assertEquals(0, StepConfidence.median().confidences(LEVELS, new double[0][]).length);
    }
}
