package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.loss.DualClip;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.stage.settings.InvalidSettingException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpoConfigTest {

    @Test
    void defaultsAreThoseOfMethodSection5() {
        GrpoConfig d = GrpoConfig.defaults();
        assertEquals(0.2, d.epsLow());
        assertEquals(0.2, d.epsHigh());
        assertEquals(LossAggregation.TOKEN_MEAN, d.lossAggregation());
        assertEquals(0, d.beta());
        assertEquals(5e-5f, d.learningRate());
        assertEquals(2, d.maxStaleness());
        assertEquals(DualClip.DEFAULT, d.dualClip());
        assertEquals(3.0, d.dualClip().c());
    }

    @Test
    void theDualClipIsReadByKeyAndReachesTheSurrogate() {
        GrpoConfig off = GrpoConfig.fromSettings(Map.of("dual-clip", "off"));
        assertTrue(off.dualClip().off());
        assertTrue(off.surrogate().dualClip().off());
        assertEquals("off", off.asMap().get("dual-clip"));
        assertEquals(off, GrpoConfig.fromSettings(off.asMap()));
        assertEquals(5.0, GrpoConfig.fromSettings(Map.of("dual-clip", "5")).surrogate().dualClip().c());
        assertEquals(DualClip.DEFAULT, new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, 2, 1, 2, 1f).dualClip());
        assertEquals(off.dualClip(), GrpoConfig.defaults().withDualClip(DualClip.OFF).withMaxStaleness(0).dualClip());
    }

    @Test
    void aBadDualClipListsTheAcceptedValues() {
        var e = assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("dual-clip", "0.9")));
        assertEquals("Invalid value '0.9' for configuration 'dual-clip': accepted off, or a finite number c > 1 (default 3, as verl)",
                e.getMessage());
        assertEquals(GrpoConfig.DUAL_CLIP, e.key());
    }

    @Test
    void settingsAreReadByKey() {
        GrpoConfig c = GrpoConfig.fromSettings(Map.of("loss-agg", "seq-mean-token-mean", "eps-high", "0.28", "batch-groups", "4",
                "updates-per-batch", "3", "lr", "1e-5", "beta", "0.01", "max-staleness", "0"));
        assertEquals(LossAggregation.SEQ_MEAN_TOKEN_MEAN, c.lossAggregation());
        assertEquals(0.28, c.epsHigh());
        assertEquals(4, c.batchGroups());
        assertEquals(3, c.updatesPerBatch());
        assertEquals(1e-5f, c.learningRate());
        assertEquals(0.01, c.beta());
        assertEquals(0, c.maxStaleness());
        assertEquals(c, GrpoConfig.fromSettings(c.asMap()));
    }

    @Test
    void aLearningRateAboveOneEMinusFourIsAcceptedWithAWarningNamingTheValueAndWhy() {
        assertEquals(3e-4f, GrpoConfig.fromSettings(Map.of("lr", "3e-4")).learningRate());
        String w = GrpoConfig.learningRateWarning("--lr", 3e-4f).orElseThrow();
        assertTrue(w.startsWith("--lr 3.0E-4 is above 2e-4: small policies collapse at high RL learning rates"), w);
        assertTrue(GrpoConfig.learningRateWarning("--lr", 1e-4f).isEmpty());
        assertTrue(GrpoConfig.learningRateWarning("--lr", 5e-5f).isEmpty());
    }

    @Test
    void aLearningRateThatIsNotFiniteAndPositiveIsRefusedNamingKeyAndValue() {
        for (String lr : new String[] {"0", "-1e-5", "Infinity", "NaN"}) {
            var e = assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("lr", lr)), lr);
            assertEquals("Invalid value '" + Float.parseFloat(lr) + "' for configuration 'lr': accepted a finite number > 0 "
                    + "(above 2e-4 is accepted with a warning)", e.getMessage());
            assertEquals(GrpoConfig.LR, e.key());
        }
    }

    @Test
    void anUnknownLossAggregationListsTheAcceptedNames() {
        var e = assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("loss-agg", "sum")));
        assertEquals("Invalid value 'sum' for configuration 'loss-agg': accepted token-mean, seq-mean-token-mean", e.getMessage());
        assertEquals(GrpoConfig.LOSS_AGG, e.key());
        assertEquals("sum", e.value());
    }

    @Test
    void otherBadValuesNameTheirKey() {
        assertTrue(assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("batch-groups", "0")))
                .getMessage().startsWith("Invalid value '0' for configuration 'batch-groups': accepted "));
        assertTrue(assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("max-staleness", "-1")))
                .getMessage().startsWith("Invalid value '-1' for configuration 'max-staleness': accepted "));
        assertEquals("Invalid value 'x' for configuration 'eps-low': accepted a number",
                assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("eps-low", "x"))).getMessage());
        var e = assertThrows(InvalidSettingException.class, () -> GrpoConfig.fromSettings(Map.of("temperature", "0")));
        assertEquals(GrpoConfig.TEMPERATURE, e.key());
        assertEquals("0.0", e.value());
    }
}
