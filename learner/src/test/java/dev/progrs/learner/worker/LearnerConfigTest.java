package dev.progrs.learner.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.grpo.GrpoConfig;
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
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withBatchTimeout(Duration.ofSeconds(-1))).getMessage()
                .startsWith("learner key 'batch-timeout' = PT-1S"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withMaxVersions(-1)).getMessage()
                .startsWith("learner key 'max-versions' = -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withIds(" ", "x")).getMessage()
                .startsWith("learner key 'consumer-group'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTopics("a b", "p", "d")).getMessage()
                .startsWith("learner key 'advantages-topic' = a b; accepted: a Kafka topic name"));
    }
}
