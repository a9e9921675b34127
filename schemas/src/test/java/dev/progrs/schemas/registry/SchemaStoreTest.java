package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.TestSchemas;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaStoreTest {
    private static final String TRAJECTORIES = "progrs.trajectories-value";

    @Test
    void idsStartAtOneAndGrowByOnePerNewSchema() {
        SchemaStore store = new SchemaStore();
        assertEquals(1, store.register("a-value", Prompt.getClassSchema()));
        assertEquals(2, store.register("b-value", Trajectory.getClassSchema()));
        assertEquals(3, store.register("c-value", DriftReport.getClassSchema()));
        assertEquals(3, store.maxId());
    }

    @Test
    void registeringTheSameSchemaAgainReturnsTheSameIdAndNoNewVersion() {
        SchemaStore store = new SchemaStore();
        int first = store.register(TRAJECTORIES, Trajectory.getClassSchema());
        int again = store.register(TRAJECTORIES, new Schema.Parser().parse(Trajectory.getClassSchema().toString()));
        assertEquals(first, again);
        assertEquals(List.of(1), store.versions(TRAJECTORIES));
    }

    @Test
    void aSchemaKeepsItsIdInEverySubject() {
        SchemaStore store = new SchemaStore();
        int id = store.register("progrs.trajectories-value", Trajectory.getClassSchema());
        store.register("other-value", Prompt.getClassSchema());
        assertEquals(id, store.register("replay.trajectories-value", Trajectory.getClassSchema()));
        assertEquals(1, store.version("replay.trajectories-value", 1).version());
        assertEquals(List.of("other-value", "progrs.trajectories-value", "replay.trajectories-value"), store.subjects());
    }

    @Test
    void aCompatibleChangeBecomesTheNextVersionWithANewId() {
        SchemaStore store = new SchemaStore();
        int v1 = store.register(TRAJECTORIES, Trajectory.getClassSchema());
        int v2 = store.register(TRAJECTORIES, TestSchemas.load("/evolution/TrajectoryV2.avsc"));
        assertEquals(v1 + 1, v2);
        assertEquals(List.of(1, 2), store.versions(TRAJECTORIES));
        SubjectVersion latest = store.latest(TRAJECTORIES);
        assertEquals(2, latest.version());
        assertEquals(v2, latest.id());
        assertTrue(latest.schema().getField("reviewNote") != null);
    }

    @Test
    void aRequiredFieldWithoutDefaultIsRefusedNamingTheFieldAndTheVersion() {
        SchemaStore store = new SchemaStore();
        store.register(TRAJECTORIES, Trajectory.getClassSchema());
        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> store.register(TRAJECTORIES, TestSchemas.load("/evolution/TrajectoryRequiredField.avsc")));
        assertTrue(e.getMessage().contains("not BACKWARD compatible with version 1"), e.getMessage());
        assertTrue(e.getMessage().contains(TRAJECTORIES), e.getMessage());
        assertTrue(e.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), e.getMessage());
        assertTrue(e.getMessage().contains("rank"), e.getMessage());
        assertEquals(List.of(1), store.versions(TRAJECTORIES), "a refused schema must leave no version behind");
    }

    @Test
    void compatibilityIsCheckedAgainstEveryEarlierVersionNotOnlyTheLatest() {
        Schema v1 = SchemaBuilder.record("R").namespace("t").fields().requiredLong("a").endRecord();
        // v2 drops 'a' (allowed), v3 brings it back as a string without default: v3 can read v2 data, not v1 data.
        Schema v2 = SchemaBuilder.record("R").namespace("t").fields().optionalString("b").endRecord();
        Schema v3 = SchemaBuilder.record("R").namespace("t").fields().optionalString("b")
                .name("a").type().stringType().stringDefault("x").endRecord();
        SchemaStore store = new SchemaStore();
        store.register("s", v1);
        store.register("s", v2);
        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> store.register("s", v3));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void unknownIdsSubjectsAndVersionsAreNotFound() {
        SchemaStore store = new SchemaStore();
        store.register(TRAJECTORIES, Trajectory.getClassSchema());
        SchemaNotFoundException id = assertThrows(SchemaNotFoundException.class, () -> store.schemaById(99));
        assertTrue(id.getMessage().contains("99"), id.getMessage());
        assertThrows(SchemaNotFoundException.class, () -> store.versions("nope-value"));
        SchemaNotFoundException version = assertThrows(SchemaNotFoundException.class, () -> store.version(TRAJECTORIES, 2));
        assertTrue(version.getMessage().contains("no version 2"), version.getMessage());
    }

    @Test
    void replayingTheAcceptedEntriesRebuildsTheSameIds() {
        SchemaStore original = new SchemaStore();
        List<SubjectVersion> log = new ArrayList<>();
        for (Schema schema : List.of(Prompt.getClassSchema(), Trajectory.getClassSchema())) {
            SubjectVersion entry = original.propose(schema.getName() + "-value", schema);
            assertTrue(original.apply(entry));
            log.add(entry);
        }
        SubjectVersion v2 = original.propose("Trajectory-value", TestSchemas.load("/evolution/TrajectoryV2.avsc"));
        assertTrue(original.apply(v2));
        log.add(v2);

        SchemaStore replayed = new SchemaStore();
        log.forEach(replayed::apply);
        assertEquals(original.subjects(), replayed.subjects());
        for (int id = 1; id <= original.maxId(); id++) {
            assertEquals(original.schemaById(id), replayed.schemaById(id));
        }
        assertEquals(original.latest("Trajectory-value"), replayed.latest("Trajectory-value"));
    }

    @Test
    void applyIsFirstWriterWins() {
        SchemaStore store = new SchemaStore();
        Schema prompt = Prompt.getClassSchema();
        Schema drift = DriftReport.getClassSchema();
        assertTrue(store.apply(new SubjectVersion("s", 1, 1, prompt)));
        assertFalse(store.apply(new SubjectVersion("s", 1, 2, drift)), "version slot taken");
        assertFalse(store.apply(new SubjectVersion("t", 1, 1, drift)), "id taken by another schema");
        assertFalse(store.apply(new SubjectVersion("t", 1, 5, prompt)), "schema already has id 1");
        assertFalse(store.apply(new SubjectVersion("t", 2, 2, drift)), "version gap");
        assertFalse(store.apply(new SubjectVersion("s", 2, 1, prompt)), "schema already in the subject");
        assertTrue(store.apply(new SubjectVersion("t", 1, 1, prompt)), "same schema, same id, other subject");
        assertEquals(prompt, store.schemaById(1));
        assertEquals(1, store.maxId());
    }
}
