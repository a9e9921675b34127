package dev.progrs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.centering.maths.BonusScale;
import dev.progrs.learner.loss.DualClip;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment directory's settings guard, for the dual clip, bonus scale and outcome rule added after the first experiments were stored. */
class ExperimentStoreTest {

    private static ExperimentPlan plan(DualClip clip) {
        return plan(clip, BonusScale.RAW);
    }

    private static ExperimentPlan plan(DualClip clip, BonusScale scale) {
        return new ExperimentPlan(Path.of("warm"), Map.of("default", Path.of("prm")), List.of(new ExperimentArm(ExperimentVariant.OUTCOME_ONLY, ExperimentCell.NO_PRM, List.of(4), 1)), List.of(4),
                List.of(1L), 64, 32, 1, 16, 2, 4, 5, 4, 5, 1e-4f, 2, 1f, 0.1, clip, scale);
    }

    @Test
    void resultsRewardedByTheFullVerifierBeforeTheOutcomeRuleWasRecordedAreNotMixedWithNewOnes(@TempDir Path dir) throws Exception {
        assertEquals("answer-line-exact", ExperimentStore.settings(plan(DualClip.DEFAULT)).get(ExperimentStore.OUTCOME_RULE));
        Map<String, String> legacy = new LinkedHashMap<>(ExperimentStore.settings(plan(DualClip.DEFAULT)));
        legacy.remove(ExperimentStore.OUTCOME_RULE);
        new ObjectMapper().writeValue(dir.resolve("settings.json").toFile(), legacy);
        var e = assertThrows(IllegalArgumentException.class, () -> ExperimentStore.open(dir, plan(DualClip.DEFAULT)));
        assertTrue(e.getMessage().contains("outcome-rule = verifier, not answer-line-exact"), e.getMessage());
    }

    @Test
    void resultsStoredBeforeTheBonusScaleExistedCountAsRaw(@TempDir Path dir) throws Exception {
        Map<String, String> legacy = new LinkedHashMap<>(ExperimentStore.settings(plan(DualClip.DEFAULT)));
        legacy.remove(BonusScale.CONFIG);
        new ObjectMapper().writeValue(dir.resolve("settings.json").toFile(), legacy);
        ExperimentStore.open(dir, plan(DualClip.DEFAULT, BonusScale.RAW));
        var e = assertThrows(IllegalArgumentException.class, () -> ExperimentStore.open(dir, plan(DualClip.DEFAULT, BonusScale.STD)));
        assertTrue(e.getMessage().contains("bonus-scale = raw, not std"), e.getMessage());
    }

    @Test
    void theDualClipIsPartOfTheStoredSettings(@TempDir Path dir) throws Exception {
        ExperimentStore.open(dir, plan(DualClip.DEFAULT));
        var e = assertThrows(IllegalArgumentException.class, () -> ExperimentStore.open(dir, plan(DualClip.OFF)));
        assertTrue(e.getMessage().contains("dual-clip = 3.0, not off"), e.getMessage());
    }

    @Test
    void resultsStoredBeforeTheDualClipExistedCountAsDualClipOff(@TempDir Path dir) throws Exception {
        Map<String, String> legacy = new LinkedHashMap<>(ExperimentStore.settings(plan(DualClip.OFF)));
        legacy.remove(DualClip.CONFIG);
        new ObjectMapper().writeValue(dir.resolve("settings.json").toFile(), legacy);
        ExperimentStore.open(dir, plan(DualClip.OFF));
        var e = assertThrows(IllegalArgumentException.class, () -> ExperimentStore.open(dir, plan(DualClip.DEFAULT)));
        assertEquals("experiment directory " + dir + " holds results made with dual-clip = off, not 3.0; resume with the same settings, "
                + "or use another --out", e.getMessage());
    }
}
