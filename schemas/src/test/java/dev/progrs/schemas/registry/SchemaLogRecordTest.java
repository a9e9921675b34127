package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import org.junit.jupiter.api.Test;

class SchemaLogRecordTest {
    @Test
    void aValueParsesBackToTheSameEntry() {
        SubjectVersion entry = new SubjectVersion("progrs.trajectories-value", 2, 5, Trajectory.getClassSchema());
        assertEquals(entry, SchemaLogRecord.parse(SchemaLogRecord.value(entry)));
    }

    @Test
    void racingEntriesForOneSlotHaveDifferentKeysSoCompactionKeepsBoth() throws Exception {
        SubjectVersion a = new SubjectVersion("s", 1, 1, Trajectory.getClassSchema());
        SubjectVersion b = new SubjectVersion("s", 1, 1, Prompt.getClassSchema());
        assertNotEquals(SchemaLogRecord.key(a), SchemaLogRecord.key(b));
        assertEquals("SCHEMA", new ObjectMapper().readTree(SchemaLogRecord.key(a)).get("keytype").asText());
    }

    @Test
    void garbageIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SchemaLogRecord.parse("not json"))
                .getMessage().contains("not JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SchemaLogRecord.parse("{\"subject\":\"s\",\"version\":1,\"id\":1}"))
                .getMessage().contains("\"schema\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SchemaLogRecord.parse(null))
                .getMessage().contains("tombstone"));
    }
}
