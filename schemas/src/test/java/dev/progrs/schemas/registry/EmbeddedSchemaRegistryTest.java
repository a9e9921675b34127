package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.TestSchemas;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The embedded registry's logic on an in-memory log shared like the Kafka topic would be:
 * rebuild on start, append on register, races between registries. Kafka persistence itself is
 * tested in the tests module against the embedded broker.
 */
class EmbeddedSchemaRegistryTest {
    private static final String TRAJECTORIES = Subjects.value(Topics.TRAJECTORIES);
    private final SharedListLog topic = new SharedListLog();

    @Test
    void registeringAppendsOneEntryPerNewVersionAndNothingForARepeat() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(1, registry.register(TRAJECTORIES, Trajectory.getClassSchema()));
            assertEquals(1, registry.register(TRAJECTORIES, Trajectory.getClassSchema()));
            assertEquals(2, registry.register(Subjects.value(Topics.PROMPTS), Prompt.getClassSchema()));
        }
        assertEquals(2, topic.values.size());
    }

    @Test
    void aRestartedRegistryDecodesRecordsWrittenBeforeTheRestart() {
        byte[] bytes;
        try (EmbeddedSchemaRegistry before = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            before.register("filler-value", DriftReport.getClassSchema());
            bytes = AvroSerde.of(Trajectory.class, before).serializer().serialize(Topics.TRAJECTORIES, SampleRecords.trajectory());
        }
        try (EmbeddedSchemaRegistry after = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(SampleRecords.trajectory(), AvroSerde.of(Trajectory.class, after).deserializer()
                    .deserialize(Topics.TRAJECTORIES, bytes));
            assertEquals(List.of("filler-value", TRAJECTORIES), after.subjects());
            assertEquals(3, after.register("other-value", Prompt.getClassSchema()), "ids continue after the replayed max");
        }
    }

    @Test
    void anIncompatibleSchemaIsRefusedAndNotAppended() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            registry.register(TRAJECTORIES, Trajectory.getClassSchema());
            Schema bad = TestSchemas.load("/evolution/TrajectoryRequiredField.avsc");
            IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> registry.register(TRAJECTORIES, bad));
            assertTrue(e.getMessage().contains("not BACKWARD compatible"), e.getMessage());
        }
        assertEquals(1, topic.values.size());
    }

    @Test
    void aRegistryFindsSchemasAnotherRegistryAppendedLater() {
        try (EmbeddedSchemaRegistry reader = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP);
             EmbeddedSchemaRegistry writer = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            byte[] bytes = AvroSerde.of(Prompt.class, writer).serializer().serialize(Topics.PROMPTS, SampleRecords.prompt());
            assertEquals(SampleRecords.prompt(), AvroSerde.of(Prompt.class, reader).deserializer().deserialize(Topics.PROMPTS, bytes));
            assertEquals(List.of(1), reader.versions(Subjects.value(Topics.PROMPTS)));
        }
    }

    @Test
    void twoRegistriesRacingForTheSameVersionConvergeOnTheLogOrder() {
        SharedListLog.Handle loserLog = topic.open();
        try (EmbeddedSchemaRegistry winner = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP);
             EmbeddedSchemaRegistry loser = EmbeddedSchemaRegistry.start(loserLog, EmbeddedSchemaRegistry.NO_HTTP)) {
            // The loser has caught up and proposed (version 1, id 1) when the winner appends its own version 1.
            loserLog.beforeNextAppend = () -> winner.register(TRAJECTORIES, Trajectory.getClassSchema());
            Schema v2 = TestSchemas.load("/evolution/TrajectoryV2.avsc");

            int loserId = loser.register(TRAJECTORIES, v2);

            assertEquals(2, loserId, "the loser retried after the winner's entry and got the next id");
            assertEquals(3, topic.values.size(), "winner's entry, loser's refused entry, loser's retry");
            for (EmbeddedSchemaRegistry registry : List.of(winner, loser)) {
                assertEquals(List.of(1, 2), registry.versions(TRAJECTORIES));
                assertEquals(Trajectory.getClassSchema(), registry.schemaById(1));
                assertEquals(v2, registry.schemaById(2));
            }
        }
        try (EmbeddedSchemaRegistry replayed = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(Trajectory.getClassSchema(), replayed.version(TRAJECTORIES, 1).schema());
            assertEquals(2, replayed.latest(TRAJECTORIES).id());
        }
    }

    @Test
    void theRestReadSideServesTheRegistryAndStopsOnClose() {
        SharedListLog.Handle log = topic.open();
        String url;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(log, 0)) {
            registry.register(TRAJECTORIES, Trajectory.getClassSchema());
            url = registry.url();
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(url);
            assertEquals(List.of(TRAJECTORIES), client.subjects());
            assertEquals(Trajectory.getClassSchema(), client.schemaById(1));
            assertEquals(1, client.latest(TRAJECTORIES).version());
        }
        assertTrue(log.closed);
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && t.getName().startsWith("progrs-registry-http")), "HTTP threads stopped");
        assertThrows(SchemaRegistryUnavailableException.class,
                () -> new RestSchemaRegistryClient(url, RegistryRetryPolicy.none()).subjects());
    }

    @Test
    void aSchemaRegisteredOverHttpIsInTheLogAndSurvivesARestart() {
        int id;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(topic.open(), 0)) {
            registry.register(TRAJECTORIES, Trajectory.getClassSchema());
            id = new RestSchemaRegistryClient(registry.url()).register(Subjects.value(Topics.PROMPTS), Prompt.getClassSchema());
            assertEquals(2, id);
        }
        assertEquals(2, topic.values.size(), "one log entry per registration, HTTP or Java");
        try (EmbeddedSchemaRegistry replayed = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP)) {
            assertEquals(Prompt.getClassSchema(), replayed.schemaById(id));
            assertEquals(id, replayed.register(Subjects.value(Topics.PROMPTS), Prompt.getClassSchema()), "idempotent after replay");
        }
        assertEquals(2, topic.values.size());
    }

    @Test
    void stoppedHttpRefusesConnectionsAndARestartServesTheSameUrlAgain() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(topic.open(), 0)) {
            registry.register(TRAJECTORIES, Trajectory.getClassSchema());
            String url = registry.url();
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, RegistryRetryPolicy.none());

            registry.stopHttp();
            assertEquals(url, registry.url());
            SchemaRegistryUnavailableException down = assertThrows(SchemaRegistryUnavailableException.class, client::subjects);
            assertTrue(down.getMessage().contains(url), down.getMessage());
            assertEquals(Trajectory.getClassSchema(), registry.schemaById(1), "the Java API keeps working");

            registry.restartHttp();
            assertEquals(List.of(TRAJECTORIES), client.subjects());
        }
    }

    @Test
    void aClosedRegistryRefusesWork() {
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(topic.open(), EmbeddedSchemaRegistry.NO_HTTP);
        registry.close();
        registry.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.register(TRAJECTORIES, Trajectory.getClassSchema()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, registry::url);
    }
}
