package dev.progrs.learner.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.TinyPolicy;
import dev.progrs.learner.grpo.StalenessPolicy;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.wire.GroupAdvantages;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    private static final TopicPartition P0 = new TopicPartition("progrs.advantages", 0);
    private static final TopicPartition P1 = new TopicPartition("progrs.advantages", 1);

    private static GroupAdvantages group(long version) {
        return TinyPolicy.group("g" + version, version, new double[] {1, -1}, -2f, version);
    }

    @Test
    void badSettingsAreRefusedNamingTheirKey() {
        assertEquals("Invalid value '0' for configuration 'batch-groups': accepted an integer >= 1",
                assertThrows(InvalidSettingException.class, () -> new BatchAssembler(0, new StalenessPolicy(2))).getMessage());
        assertEquals("Invalid value '-1' for configuration 'max-staleness': accepted an integer >= 0",
                assertThrows(InvalidSettingException.class, () -> new StalenessPolicy(-1)).getMessage());
    }

    @Test
    void staleGroupsAreDroppedCountedAndStillConsumedWithTheBatch() {
        BatchAssembler a = new BatchAssembler(2, new StalenessPolicy(2));
        // current version 10: versions >= 8 are admitted
        assertEquals(BatchAssembler.Outcome.STALE, a.offer(P0, 0, group(7), 10, 0));
        assertEquals(BatchAssembler.Outcome.ADDED, a.offer(P0, 1, group(8), 10, 0));
        assertEquals(BatchAssembler.Outcome.STALE, a.offer(P1, 5, group(3), 10, 0));
        assertFalse(a.full());
        assertEquals(BatchAssembler.Outcome.ADDED, a.offer(P1, 6, group(10), 10, 0));
        assertTrue(a.full());
        assertEquals(2, a.staleDropped());
        assertEquals(2, a.groups().size());
        assertEquals(Map.of(P0, 2L, P1, 7L), a.offsets());
        a.clear();
        assertEquals(0, a.staleDropped());
        assertTrue(a.offsets().isEmpty());
        assertTrue(a.isEmpty());
    }

    @Test
    void syncModeAdmitsOnlyTheCurrentVersion() {
        BatchAssembler a = new BatchAssembler(4, new StalenessPolicy(0));
        assertEquals(BatchAssembler.Outcome.STALE, a.offer(P0, 0, group(4), 5, 0));
        assertEquals(BatchAssembler.Outcome.ADDED, a.offer(P0, 1, group(5), 5, 0));
        assertEquals(1, a.staleDropped());
    }

    @Test
    void skippedRecordsAdvanceTheOffsetsButNotTheBatch() {
        BatchAssembler a = new BatchAssembler(1, new StalenessPolicy(2));
        a.skip(P0, 41);
        assertEquals(Map.of(P0, 42L), a.offsets());
        assertTrue(a.isEmpty());
        assertEquals(1, a.skipped());
        assertEquals(-1, a.firstGroupAtMs());
        a.offer(P0, 42, group(0), 0, 1234);
        assertEquals(1234, a.firstGroupAtMs());
        assertEquals(Map.of(P0, 43L), a.offsets());
    }
}
