package dev.progrs.centering.topology;

import static dev.progrs.centering.topology.ScoredFixtures.T0;
import static dev.progrs.centering.topology.ScoredFixtures.scored;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.registry.SubjectVersion;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.ScoredTrajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology when the schema registry cannot answer: the record is not the problem, so it must
 * never reach the DLQ; the failure leaves the processor (in a running stream it fails the thread,
 * whose transaction is aborted, and {@link CenteringApp} replaces it), and the same record
 * processed again once the registry answers completes its group once.
 */
class RegistryOutageTopologyTest {

    @TempDir
    Path stateDir;

    private final SchemaStore writers = new SchemaStore();
    private final Switch readers = new Switch(writers);
    private final CenteringMetrics metrics = new CenteringMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ScoredTrajectory> scoredIn;
    private TestOutputTopic<String, GroupAdvantages> advantagesOut;
    private TestOutputTopic<byte[], byte[]> dlqOut;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void aScoredRecordMetWhileTheRegistryIsDownIsNotDeadLettered() {
        start();
        readers.down = true;

        RuntimeException e = assertThrows(RuntimeException.class, () -> send(scored("g", 0, 2, 1, 0.8, 1)));

        assertTrue(SchemaRegistryUnavailableException.isCauseOf(e), "the registry failure leaves the processor: " + e);
        assertTrue(dlqOut.isEmpty(), "nothing dead-lettered");
        assertEquals(0, metrics.snapshot().deadLettered());
        assertEquals(0, metrics.snapshot().samplesAccepted());

        readers.down = false;
        send(scored("g", 0, 2, 1, 0.8, 1)); // read again, as the replacement thread does
        send(scored("g", 1, 2, 0, 0.3, 1));
        List<GroupAdvantages> out = advantagesOut.readValuesToList();
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).getSamples().size());
        assertTrue(dlqOut.isEmpty());
    }

    @Test
    void aGroupCompletedWhileTheRegistryIsDownIsNotDeadLetteredNorLost() {
        start();
        send(scored("g", 0, 2, 1, 0.8, 1)); // the scored schema is cached; the advantages schema is not yet
        readers.down = true;

        RuntimeException e = assertThrows(RuntimeException.class, () -> send(scored("g", 1, 2, 0, 0.3, 1)));

        assertTrue(SchemaRegistryUnavailableException.isCauseOf(e), e.toString());
        assertTrue(advantagesOut.isEmpty() && dlqOut.isEmpty(), "nothing emitted, nothing dead-lettered");
        readers.down = false;
        send(scored("g", 1, 2, 0, 0.3, 1));
        assertEquals(1, advantagesOut.readValuesToList().size());
        assertEquals(1, metrics.snapshot().groupsCompleted());
    }

    private void start() {
        CenteringTopologyConfig config = new CenteringTopologyConfig(CenteringConfig.defaults(), Duration.ofSeconds(30), 2,
                Duration.ofSeconds(1), Duration.ofMinutes(5), Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ);
        CenteringSerdes serdes = new CenteringSerdes(AvroSerde.of(ScoredTrajectory.class, readers).deserializer(),
                AvroSerde.of(GroupAdvantages.class, readers).serializer(), AvroSerde.of(PolicyVersion.class, readers).deserializer());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "centering-outage-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(CenteringTopology.build(config, serdes, metrics), props, Instant.ofEpochMilli(T0));
        scoredIn = driver.createInputTopic(Topics.SCORED, new StringSerializer(), AvroSerde.of(ScoredTrajectory.class, writers).serializer());
        advantagesOut = driver.createOutputTopic(Topics.ADVANTAGES, new StringDeserializer(),
                AvroSerde.of(GroupAdvantages.class, writers).deserializer());
        dlqOut = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void send(ScoredTrajectory s) {
        scoredIn.pipeInput(s.getTrajectory().getGroupId(), s, T0);
    }

    /** The topology's registry: the writers' store, or unavailable while {@link #down}. */
    private static final class Switch implements SchemaRegistry {
        private final SchemaRegistry delegate;
        volatile boolean down;

        Switch(SchemaRegistry delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(String subject, Schema schema) {
            return call(() -> delegate.register(subject, schema));
        }

        @Override
        public Schema schemaById(int id) {
            return call(() -> delegate.schemaById(id));
        }

        @Override
        public List<String> subjects() {
            return call(delegate::subjects);
        }

        @Override
        public List<Integer> versions(String subject) {
            return call(() -> delegate.versions(subject));
        }

        @Override
        public SubjectVersion version(String subject, int version) {
            return call(() -> delegate.version(subject, version));
        }

        private <T> T call(Supplier<T> body) {
            if (down) {
                throw new SchemaRegistryUnavailableException("test: the schema registry is down", null);
            }
            return body.get();
        }
    }
}
