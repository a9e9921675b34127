package dev.progrs.learner.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.stage.settings.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LearnerConfigTest {

    @Test
    void asynchronousDefaultsKeepTheStalenessBoundAndWaitForFullBatches() {
        LearnerConfig c = LearnerConfig.defaults(GrpoConfig.defaults());
        assertFalse(c.sync());
        assertEquals(2, c.grpo().maxStaleness());
        assertEquals(Duration.ZERO, c.batchTimeout());
        assertEquals("progrs.advantages", c.advantagesTopic());
        assertEquals("progrs.policy", c.policyTopic());
    }

    @Test
    void syncModeForcesStalenessZeroAndABatchTimeout() {
        LearnerConfig c = LearnerConfig.defaults(GrpoConfig.defaults()).withSync(true);
        assertTrue(c.sync());
        assertEquals(0, c.grpo().maxStaleness());
        assertEquals(LearnerConfig.DEFAULT_SYNC_BATCH_TIMEOUT, c.batchTimeout());
        assertEquals(Duration.ofSeconds(5), c.withBatchTimeout(Duration.ofSeconds(5)).batchTimeout());
    }

    @Test
    void badValuesNameTheirKey() {
        LearnerConfig d = LearnerConfig.defaults(GrpoConfig.defaults());
        var e = assertThrows(InvalidSettingException.class, () -> d.withBatchTimeout(Duration.ofSeconds(-1)));
        assertEquals("Invalid value 'PT-1S' for configuration 'batch-timeout': accepted a duration >= 0 (0 = wait for a full batch)",
                e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> d.withMaxVersions(-1));
        assertTrue(e.getMessage().startsWith("Invalid value '-1' for configuration 'max-versions': accepted "), e.getMessage());
        assertEquals("max-versions", e.key());
        e = assertThrows(InvalidSettingException.class, () -> d.withIds(" ", "x"));
        assertEquals("consumer-group", e.key());
        assertEquals(" ", e.value());
        e = assertThrows(InvalidSettingException.class, () -> d.withTopics("a b", "p", "d"));
        assertEquals("Invalid value 'a b' for configuration 'advantages-topic': accepted a Kafka topic name", e.getMessage());
    }
}
