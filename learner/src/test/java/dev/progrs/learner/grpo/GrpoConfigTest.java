package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.loss.LossAggregation;
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
    void aLearningRateAboveTheRlBoundIsRefusedNamingKeyValueAndRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("lr", "3e-4")));
        assertTrue(e.getMessage().startsWith("grpo key 'lr' = 3.0E-4; accepted: a number in (0, 1e-4]"), e.getMessage());
    }

    @Test
    void anUnknownLossAggregationListsTheAcceptedNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("loss-agg", "sum")));
        assertEquals("'loss-agg' = 'sum' is not a loss aggregation; accepted: token-mean, seq-mean-token-mean", e.getMessage());
    }

    @Test
    void otherBadValuesNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("batch-groups", "0")))
                .getMessage().contains("'batch-groups' = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("max-staleness", "-1")))
                .getMessage().contains("'max-staleness' = -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("eps-low", "x")))
                .getMessage().contains("'eps-low' = 'x'; accepted: a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GrpoConfig.fromSettings(Map.of("temperature", "0")))
                .getMessage().contains("'temperature' = 0.0"));
    }
}
