package dev.progrs.centering.topology;

import static dev.progrs.centering.topology.ScoredFixtures.T0;
import static dev.progrs.centering.topology.ScoredFixtures.scored;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.group.BufferedSamples;
import dev.progrs.centering.group.OutputContent;
import dev.progrs.centering.group.TokenArrays;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.ProgrsAdvantages;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state layout: a small header per group, one entry per buffered sample, nothing left once a group closes; all in one store. */
class StoreLayoutTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    private final SchemaStore registry = new SchemaStore();
    private final AvroSerde<ScoredTrajectory> scoredSerde = AvroSerde.of(ScoredTrajectory.class, registry);
    private final AvroSerde<GroupAdvantages> advantagesSerde = AvroSerde.of(GroupAdvantages.class, registry);
    private TopologyTestDriver driver;
    private TestInputTopic<String, ScoredTrajectory> in;
    private TestOutputTopic<String, GroupAdvantages> out;
    private InputTicks ticks;

    private void start(OutputContent output) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "layout-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        CenteringTopologyConfig config = new CenteringTopologyConfig(CenteringConfig.defaults(), TIMEOUT, 2, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ, output);
        driver = new TopologyTestDriver(CenteringTopology.build(config, CenteringSerdes.avro(registry), new CenteringMetrics()),
                props, Instant.ofEpochMilli(T0));
        in = driver.createInputTopic(Topics.SCORED, new StringSerializer(), scoredSerde.serializer());
        out = driver.createOutputTopic(Topics.ADVANTAGES, new StringDeserializer(), advantagesSerde.deserializer());
        ticks = new InputTicks(in, config.maxInputGap(), T0);
    }

    /** @return the groups emitted since the last call by id, without the clock's ticks */
    private java.util.Map<String, GroupAdvantages> emitted() {
        java.util.Map<String, GroupAdvantages> groups = new java.util.TreeMap<>(out.readKeyValuesToMap());
        groups.keySet().removeIf(InputTicks::isTick);
        return groups;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(String group, int index, int k, double outcome, double score) {
        long t = Math.max(ticks.timestamp(), T0 + index);
        in.pipeInput(group, scored(group, index, k, outcome, score, 1), t);
        ticks.sent(t);
    }

    private KeyValueStore<Bytes, byte[]> store() {
        return driver.getKeyValueStore(CenteringTopology.GROUPS_STORE);
    }

    private List<Bytes> sampleKeys() {
        return GroupState.sampleKeys(store());
    }

    @Test
    void anOpenGroupHoldsOneEntryPerSampleUnderGroupIdAndIndex() {
        start(OutputContent.FULL);
        send("g", 2, 4, 1, 0.5);
        send("g", 0, 4, 0, 0.4);
        send("g", 0, 4, 1, 0.9); // duplicate: no second entry
        List<Bytes> keys = sampleKeys();
        assertEquals(List.of(SampleKey.of("g", 0), SampleKey.of("g", 2)), keys);
        GroupHeader h = GroupState.header(store(), "g");
        assertEquals(2, h.getSampleCount());
        assertEquals(1, h.getDuplicatesDropped());
        BufferedSample s2 = GroupState.sample(store(), "g", 2);
        assertEquals(2, s2.getSampleIndex());
        assertEquals(List.of(1, 20, 21, 22), TokenArrays.ints(BufferedSamples.bytes(s2.getPromptTokenIds())));
        assertEquals(0.5, s2.getProcessScore());
    }

    @Test
    void entriesAreDeletedWhenTheGroupCompletesOrTimesOut() {
        start(OutputContent.FULL);
        for (int i = 0; i < 3; i++) {
            send("complete", i, 3, i % 2, 0.1 * i);
        }
        send("partial", 0, 3, 1, 0.8);
        send("partial", 1, 3, 0, 0.2);
        assertEquals(List.of(SampleKey.of("partial", 0), SampleKey.of("partial", 1)), sampleKeys());
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertEquals(List.of(), sampleKeys());
        var groups = emitted();
        assertEquals(3, groups.get("complete").getSamples().size());
        assertEquals(2, groups.get("partial").getSamples().size());
        assertTrue(groups.get("partial").getPartial());
    }

    @Test
    void aGroupOpenedAfterEarlierSweepsStillTimesOutAndItsMarkerExpires() {
        start(OutputContent.FULL);
        ticks.advance(Duration.ofSeconds(5)); // sweeps over an index without open groups
        send("late", 0, 3, 1, 0.8);
        send("late", 1, 3, 0, 0.2);
        ticks.advance(TIMEOUT.minusSeconds(1));
        assertTrue(emitted().isEmpty(), "timed out too early");
        ticks.advance(Duration.ofSeconds(2));
        assertEquals(2, emitted().get("late").getSamples().size());
        assertEquals("timed-out", GroupState.header(store(), "late").getClosedReason());
        ticks.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertEquals(null, GroupState.header(store(), "late"), "the marker expired after its retention");
    }

    @Test
    void scoresOnlyOutputHasTheSameAdvantagesAndNoTokenArrays() {
        double[] r = {1, 0, 0, 1};
        double[] b = {0.9, 0.6, 0.2, 0.4};
        start(OutputContent.SCORES_ONLY);
        for (int i = 0; i < 3; i++) {
            send("g", i, 4, r[i], b[i]);
        }
        BufferedSample s0 = GroupState.sample(store(), "g", 0);
        assertTrue(s0.getPromptTokenIds().remaining() == 1 && s0.getResponseTokenIds().remaining() == 1
                        && s0.getBehaviourLogProbs().remaining() == 1,
                "scores-only keeps no token arrays in the state either");
        send("g", 3, 4, r[3], b[3]);
        GroupAdvantages g = out.readValue();
        assertNotNull(g);
        assertArrayEquals(ProgrsAdvantages.compute(r, b, CenteringConfig.defaults()).advantage(),
                g.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 0.0);
        for (SampleAdvantage s : g.getSamples()) {
            assertTrue(s.getPromptTokenIds().isEmpty() && s.getResponseTokenIds().isEmpty() && s.getBehaviourLogProbs().isEmpty());
            assertEquals(3, s.getStepCount());
        }
        assertEquals(List.of(0, 1, 2, 3), g.getSamples().stream().map(SampleAdvantage::getSampleIndex).toList());
    }
}
