package dev.progrs.centering.topology;

import dev.progrs.stage.deadletter.DeadLetters;
import static dev.progrs.centering.topology.ScoredFixtures.T0;
import static dev.progrs.centering.topology.ScoredFixtures.scored;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.maths.CenteringMode;
import dev.progrs.centering.maths.MixingMode;
import dev.progrs.centering.maths.ProgrsAdvantages;
import dev.progrs.centering.maths.StdMode;
import org.apache.kafka.common.utils.Bytes;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.SampleAdvantage;
import dev.progrs.wire.ScoredTrajectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CenteringTopologyTest {

    private static final CenteringConfig MATHS =
            new CenteringConfig(CenteringMode.INCORRECT, MixingMode.ADVANTAGE, 0.1, StdMode.UNBIASED, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    private final SchemaStore registry = new SchemaStore();
    private final AvroSerde<ScoredTrajectory> scoredSerde = AvroSerde.of(ScoredTrajectory.class, registry);
    private final AvroSerde<GroupAdvantages> advantagesSerde = AvroSerde.of(GroupAdvantages.class, registry);
    private final AvroSerde<PolicyVersion> policySerde = AvroSerde.of(PolicyVersion.class, registry);
    private final CenteringMetrics metrics = new CenteringMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ScoredTrajectory> scoredIn;
    private TestInputTopic<byte[], byte[]> rawIn;
    private TestInputTopic<String, PolicyVersion> policyIn;
    private TestOutputTopic<String, GroupAdvantages> advantagesOut;
    private TestOutputTopic<byte[], byte[]> dlqOut;
    private InputTicks ticks;

    private void start(CenteringTopologyConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "centering-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(CenteringTopology.build(config, CenteringSerdes.avro(registry), metrics), props,
                Instant.ofEpochMilli(T0));
        scoredIn = driver.createInputTopic(config.inputTopic(), new StringSerializer(), scoredSerde.serializer());
        rawIn = driver.createInputTopic(config.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        policyIn = driver.createInputTopic(config.policyTopic(), new StringSerializer(), policySerde.serializer());
        advantagesOut = driver.createOutputTopic(config.outputTopic(), new StringDeserializer(), advantagesSerde.deserializer());
        dlqOut = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        ticks = new InputTicks(scoredIn, config.maxInputGap(), T0);
    }

    /** @return the groups emitted since the last call, without the clock's ticks */
    private List<GroupAdvantages> emitted() {
        return advantagesOut.readValuesToList().stream().filter(g -> !InputTicks.isTick(g.getGroupId())).toList();
    }

    /** @return the dead letters since the last call, with their reasons */
    private List<TestRecord<byte[], byte[]>> deadLetters() {
        return dlqOut.readRecordsToList();
    }

    private static String reason(TestRecord<byte[], byte[]> dead) {
        return DeadLetters.text(dead.headers(), DeadLetters.REASON);
    }

    private void start() {
        start(new CenteringTopologyConfig(MATHS, TIMEOUT, 2, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ));
    }

    private int sampleEntries() {
        return GroupState.sampleKeys(driver.getKeyValueStore(CenteringTopology.GROUPS_STORE)).size();
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void send(ScoredTrajectory s, long timestamp) {
        scoredIn.pipeInput(s.getTrajectory().getGroupId(), s, timestamp);
        ticks.sent(timestamp);
    }

    private void policy(long version) {
        policyIn.pipeInput(Topics.POLICY_KEY, PolicyVersion.newBuilder().setVersion(version)
                .setCheckpointUri("file:///tmp/policy-v" + version).setSha256("ab".repeat(32)).setCreatedAtMs(T0)
                .build());
    }

    @Test
    void completeGroupIsEmittedOnceWithThePureFunctionsAdvantages() {
        start();
        double[] r = {1, 0, 0, 1};
        double[] b = {0.9, 0.6, 0.2, 0.4};
        for (int i = 0; i < 4; i++) {
            assertTrue(advantagesOut.isEmpty(), "emitted before the group was complete");
            send(scored("g1", i, 4, r[i], b[i], 7), T0 + 100 * i);
        }
        List<TestRecord<String, GroupAdvantages>> out = advantagesOut.readRecordsToList();
        assertEquals(1, out.size());
        assertEquals("g1", out.get(0).key());
        GroupAdvantages g = out.get(0).value();
        AdvantageResult expected = ProgrsAdvantages.compute(r, b, MATHS);
        assertArrayEquals(expected.advantage(), g.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 0.0);
        assertArrayEquals(expected.centredBonus(),
                g.getSamples().stream().mapToDouble(SampleAdvantage::getCentredBonus).toArray(), 0.0);
        assertArrayEquals(expected.outcomeAdvantage(),
                g.getSamples().stream().mapToDouble(SampleAdvantage::getOutcomeAdvantage).toArray(), 0.0);
        assertEquals(List.of(0, 1, 2, 3), g.getSamples().stream().map(SampleAdvantage::getSampleIndex).toList());
        assertEquals("p-g1", g.getPromptId());
        assertEquals("arithmetic", g.getSuite());
        assertEquals(2, g.getDifficulty());
        assertEquals(4, g.getExpectedGroupSize());
        assertEquals("incorrect", g.getCentering().getMode());
        assertEquals("advantage", g.getCentering().getMixing());
        assertEquals(0.1, g.getCentering().getLambda());
        assertEquals("unbiased", g.getCentering().getStd());
        assertFalse(g.getCentering().getDominanceGuard());
        assertEquals("raw", g.getCentering().getBonusScale());
        assertEquals(7, g.getPolicyVersionMin());
        assertEquals(7, g.getPolicyVersionMax());
        assertFalse(g.getPartial());
        assertFalse(g.getTimedOut());
        assertEquals(0, g.getDuplicatesDropped());
        assertFalse(g.getZeroVarianceOutcome());
        assertEquals(expected.dominanceViolations(), g.getDominanceViolations());
        assertEquals(1.0, g.getDominanceScale());
        assertEquals(T0 + 300, g.getLastSampleAtMs());
        assertEquals(T0, g.getEmittedAtMs(), "wall clock of the driver");
        assertEquals(T0 + 300, out.get(0).timestamp());
        SampleAdvantage s0 = g.getSamples().get(0);
        assertEquals(List.of(1, 20, 21, 22), s0.getPromptTokenIds());
        assertEquals(10, s0.getResponseTokenIds().size());
        assertEquals(10, s0.getBehaviourLogProbs().size());
        assertEquals("14", s0.getExtractedAnswer());
        assertEquals(3, s0.getStepCount());
        assertEquals(T0, s0.getGeneratedAtMs());
        assertEquals(1.0, s0.getOutcome());
        assertEquals(0.9, s0.getProcessScore());

        // the group's samples are gone; only a small closed marker remains
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(CenteringTopology.GROUPS_STORE);
        assertEquals("completed", GroupState.header(store, "g1").getClosedReason());
        assertEquals(4, GroupState.header(store, "g1").getSampleCount(), "the marker says what the group had");
        assertEquals(0, sampleEntries(), "sample entries deleted when the group closed");
        assertEquals(1, metrics.snapshot().groupsCompleted());
        assertEquals(4, metrics.snapshot().samplesAccepted());
    }

    @Test
    void outOfOrderInterleavedGroupsAreEachEmittedInIndexOrder() {
        start();
        int[] order = {2, 0, 3, 1};
        for (int i : order) {
            send(scored("a", i, 4, i % 2, 0.1 * i, 1), T0 + i);
            send(scored("b", 3 - i, 4, i < 2 ? 1 : 0, 0.2 * i, 1), T0 + i);
        }
        var out = advantagesOut.readKeyValuesToMap();
        assertEquals(2, out.size());
        for (String group : List.of("a", "b")) {
            assertEquals(List.of(0, 1, 2, 3), out.get(group).getSamples().stream().map(SampleAdvantage::getSampleIndex).toList());
        }
        GroupAdvantages a = out.get("a");
        double[] r = a.getSamples().stream().mapToDouble(SampleAdvantage::getOutcome).toArray();
        double[] b = a.getSamples().stream().mapToDouble(SampleAdvantage::getProcessScore).toArray();
        assertArrayEquals(new double[] {0, 1, 0, 1}, r, 0.0);
        assertArrayEquals(ProgrsAdvantages.compute(r, b, MATHS).advantage(),
                a.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 0.0);
    }

    @Test
    void duplicateSampleIsDeadLetteredOnceAndTheFirstCopyKept() {
        start();
        send(scored("g", 0, 3, 1, 0.9, 1), T0);
        send(scored("g", 1, 3, 0, 0.5, 1), T0 + 1);
        send(scored("g", 1, 3, 1, 0.99, 1), T0 + 2); // same index, different content: the first one wins
        assertTrue(advantagesOut.isEmpty(), "a duplicate must not count towards K");
        send(scored("g", 2, 3, 0, 0.1, 1), T0 + 3);
        List<GroupAdvantages> out = advantagesOut.readValuesToList();
        assertEquals(1, out.size());
        assertEquals(1, out.get(0).getDuplicatesDropped());
        assertEquals(0.0, out.get(0).getSamples().get(1).getOutcome());
        // a copy arriving after completion neither re-opens the group nor emits again
        send(scored("g", 2, 3, 0, 0.1, 1), T0 + 4);
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertEquals(List.of(), emitted());
        assertEquals(2, metrics.snapshot().duplicateSamples());
        assertEquals(1 + ticks.count(), metrics.snapshot().groupsCompleted());
        List<TestRecord<byte[], byte[]>> dead = deadLetters();
        assertEquals(2, dead.size(), "each copy is dead-lettered, with its own bytes");
        assertTrue(reason(dead.get(0)).startsWith("duplicate: sample 1 of group g is already buffered"), reason(dead.get(0)));
        assertTrue(reason(dead.get(1)).startsWith("duplicate: sample 2 of group g was already in it"), reason(dead.get(1)));
        assertEquals("4", DeadLetters.text(dead.get(1).headers(), DeadLetters.SOURCE_OFFSET));
        assertTrue(dead.get(1).value().length > 0);
    }

    @Test
    void timedOutGroupWithTwoSamplesIsEmittedAsPartial() {
        start();
        send(scored("g", 3, 4, 1, 0.8, 1), T0 + 5);
        send(scored("g", 1, 4, 0, 0.3, 1), T0 + 9);
        ticks.advance(TIMEOUT.minusSeconds(2));
        assertEquals(List.of(), emitted(), "timed out too early");
        ticks.advance(Duration.ofSeconds(3));
        List<GroupAdvantages> out = emitted();
        assertEquals(1, out.size());
        GroupAdvantages g = out.get(0);
        assertTrue(g.getPartial());
        assertTrue(g.getTimedOut());
        assertEquals(4, g.getExpectedGroupSize());
        assertEquals(List.of(1, 3), g.getSamples().stream().map(SampleAdvantage::getSampleIndex).toList());
        assertArrayEquals(ProgrsAdvantages.compute(new double[] {0, 1}, new double[] {0.3, 0.8}, MATHS).advantage(),
                g.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 0.0);
        assertEquals(T0 + 9, g.getLastSampleAtMs());
        assertEquals(T0, g.getEmittedAtMs(), "emission time is the wall clock (the driver's does not move)");
        assertEquals(1, metrics.snapshot().groupsTimedOutPartial());
        // the remaining samples arrive late: dead-lettered with the reason, never a second emission
        long t = ticks.timestamp();
        send(scored("g", 0, 4, 1, 0.8, 1), t + 50);
        send(scored("g", 2, 4, 1, 0.8, 1), t + 51);
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertEquals(List.of(), emitted());
        assertEquals(2, metrics.snapshot().lateSamples());
        List<String> reasons = deadLetters().stream().map(CenteringTopologyTest::reason).toList();
        assertEquals(List.of("late: group g was closed (timed-out, 2 of 4 samples) before sample 0 arrived",
                "late: group g was closed (timed-out, 2 of 4 samples) before sample 2 arrived"), reasons);
    }

    @Test
    void timedOutGroupWithOneSampleIsDeadLetteredByReference() {
        start();
        send(scored("lonely", 0, 4, 1, 0.8, 1), T0);
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertEquals(List.of(), emitted());
        assertEquals(1, metrics.snapshot().groupsTimedOutDropped());
        assertEquals(0, metrics.snapshot().groupsTimedOutPartial());
        List<TestRecord<byte[], byte[]>> dead = deadLetters();
        assertEquals(1, dead.size());
        assertTrue(reason(dead.get(0)).startsWith("timed-out: sample 0: group lonely had 1 of 4 samples after the timeout of 30s"),
                reason(dead.get(0)));
        assertEquals("true", DeadLetters.text(dead.get(0).headers(), DeadLetters.BY_REFERENCE));
        assertEquals(Topics.SCORED, DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("0", DeadLetters.text(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET), "names the original record");
        assertEquals(0, dead.get(0).value().length);
        assertEquals("lonely", new String(dead.get(0).key(), StandardCharsets.UTF_8));
    }

    @Test
    void anOutageLongerThanTheTimeoutClosesNoGroup() {
        start();
        send(scored("g", 0, 4, 1, 0.8, 1), T0);
        send(scored("g", 1, 4, 0, 0.3, 1), T0 + 1);
        // nothing arrives for 130 s of wall clock and record time (a broker outage); then the rest of the group
        driver.advanceWallClockTime(Duration.ofSeconds(130));
        send(scored("g", 2, 4, 1, 0.8, 1), T0 + 130_000);
        send(scored("g", 3, 4, 0, 0.3, 1), T0 + 130_001);
        List<GroupAdvantages> out = emitted();
        assertEquals(1, out.size());
        assertFalse(out.get(0).getPartial(), "the group waited through the outage");
        assertEquals(4, out.get(0).getSamples().size());
        assertEquals(List.of(), deadLetters());
        // while input flows, the timeout still closes a group left incomplete
        send(scored("h", 0, 4, 1, 0.8, 1), T0 + 130_002);
        send(scored("h", 1, 4, 0, 0.3, 1), T0 + 130_003);
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertTrue(emitted().get(0).getPartial());
    }

    @Test
    void everySampleEndsInExactlyOneEmittedGroupOrOneDeadLetter() {
        start();
        policy(0);
        int sent = 0;
        // complete, duplicated, timed out partial, timed out alone, stale, and late copies of all of them
        for (int i = 0; i < 3; i++, sent++) {
            send(scored("complete", i, 3, i % 2, 0.1 * i, 1), T0 + i);
        }
        send(scored("complete", 1, 3, 1, 0.2, 1), T0 + 3);
        sent++;
        send(scored("partial", 0, 4, 1, 0.8, 1), T0 + 4);
        send(scored("partial", 1, 4, 0, 0.3, 1), T0 + 5);
        send(scored("alone", 0, 4, 1, 0.8, 1), T0 + 6);
        send(scored("old", 0, 4, 1, 0.8, 0), T0 + 7);
        send(scored("old", 1, 4, 0, 0.3, 0), T0 + 8);
        sent += 5;
        policy(3); // max-staleness 2: version 0 is stale, version 1 is not
        ticks.advance(TIMEOUT.plusSeconds(1));
        long t = ticks.timestamp();
        send(scored("partial", 2, 4, 1, 0.8, 1), t + 1);
        send(scored("alone", 1, 4, 1, 0.8, 1), t + 2);
        send(scored("old", 2, 4, 1, 0.8, 0), t + 3);
        send(scored("partial", 0, 4, 1, 0.8, 1), t + 4);
        sent += 4;
        int emittedSamples = emitted().stream().mapToInt(g -> g.getSamples().size()).sum();
        List<TestRecord<byte[], byte[]>> dead = deadLetters();
        assertEquals(sent, emittedSamples + dead.size(), "samples emitted + dead-lettered");
        assertEquals(3 + 2, emittedSamples);
        var byKind = new java.util.TreeMap<String, Integer>();
        dead.forEach(d -> byKind.merge(reason(d).substring(0, reason(d).indexOf(':')), 1, Integer::sum));
        assertEquals(Map.of("duplicate", 2, "late", 3, "stale", 2, "timed-out", 1), byKind);
    }

    @Test
    void staleGroupIsDroppedAfterAPolicyVersionUpdate() {
        start();
        policy(0);
        send(scored("old", 0, 3, 1, 0.8, 0), T0);
        send(scored("old", 1, 3, 0, 0.2, 0), T0 + 1);
        send(scored("recent", 0, 3, 1, 0.8, 1), T0);
        policy(3); // max-staleness 2: versions < 1 are stale, version 1 is not
        send(scored("old", 2, 3, 0, 0.4, 0), T0 + 2);
        send(scored("recent", 1, 3, 0, 0.2, 1), T0 + 2);
        send(scored("recent", 2, 3, 0, 0.3, 1), T0 + 3);
        var out = advantagesOut.readKeyValuesToMap();
        assertEquals(List.of("recent"), List.copyOf(out.keySet()));
        assertEquals(1, metrics.snapshot().groupsStale());
        assertEquals(2, metrics.snapshot().policyUpdates());
        List<TestRecord<byte[], byte[]>> dead = deadLetters();
        assertEquals(3, dead.size(), "the stale group's three samples");
        assertEquals(List.of("true", "true"), dead.subList(0, 2).stream()
                .map(d -> DeadLetters.text(d.headers(), DeadLetters.BY_REFERENCE)).toList(), "the two it had buffered");
        assertNull(DeadLetters.text(dead.get(2).headers(), DeadLetters.BY_REFERENCE), "the one that made it stale, with its bytes");
        assertTrue(dead.get(2).value().length > 0);
    }

    @Test
    void staleIncompleteGroupIsDroppedAtItsTimeoutNotEmittedAsPartial() {
        start();
        send(scored("old", 0, 4, 1, 0.8, 0), T0);
        send(scored("old", 1, 4, 0, 0.2, 0), T0 + 1);
        policy(5);
        ticks.advance(TIMEOUT.plusSeconds(1));
        assertEquals(List.of(), emitted());
        assertEquals(1, metrics.snapshot().groupsStale());
        List<String> reasons = deadLetters().stream().map(CenteringTopologyTest::reason).toList();
        assertEquals(2, reasons.size(), "both buffered samples are dead-lettered: " + reasons);
        assertTrue(reasons.get(0).startsWith("stale: sample 0: group old holds policy version 0, more than max-staleness 2"),
                reasons.get(0));
        assertEquals(0, metrics.snapshot().groupsTimedOutPartial());
    }

    @Test
    void poisonRecordsGoToTheDlqWithTheirReasonAndTheStreamContinues() {
        start();
        rawIn.pipeInput("g".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1, 42, 42}, T0);
        rawIn.pipeInput("g".getBytes(StandardCharsets.UTF_8), "not avro at all".getBytes(StandardCharsets.UTF_8), T0);
        send(scored("g", 5, 4, 1, 0.5, 1), T0);                 // index outside 0..3
        send(scored("g", 0, 0, 1, 0.5, 1), T0);                 // K < 1
        scoredIn.pipeInput("other", scored("g", 0, 4, 1, 0.5, 1), T0); // key is not the group id
        send(scored("g", 0, 4, 0.5, 0.5, 1), T0);               // outcome not 0/1
        send(scored("g", 0, 4, 1, 0.9, 1), T0);
        send(scored("g", 1, 5, 0, 0.9, 1), T0);                 // K differs from the group's
        send(scored("g", 1, 4, 0, 0.3, 1), T0);
        send(scored("g", 2, 4, 0, 0.4, 1), T0);
        send(scored("g", 3, 4, 1, 0.6, 1), T0);

        List<TestRecord<byte[], byte[]>> dead = dlqOut.readRecordsToList();
        assertEquals(7, dead.size());
        List<String> reasons = dead.stream().map(d -> DeadLetters.text(d.headers(), DeadLetters.REASON)).toList();
        assertTrue(reasons.get(0).startsWith("cannot decode ScoredTrajectory"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("cannot decode ScoredTrajectory"), reasons.get(1));
        assertTrue(reasons.get(2).contains("sampleIndex 5 outside 0..3"), reasons.get(2));
        assertTrue(reasons.get(3).contains("K=0 < 1"), reasons.get(3));
        assertTrue(reasons.get(4).contains("'other'"), reasons.get(4));
        assertTrue(reasons.get(5).contains("outcomeReward 0.5"), reasons.get(5));
        assertTrue(reasons.get(6).contains("K=5 differs from K=4"), reasons.get(6));
        TestRecord<byte[], byte[]> first = dead.get(0);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 42, 42}, first.value(), "original bytes kept");
        assertEquals("g", new String(first.key(), StandardCharsets.UTF_8));
        assertEquals("centering", DeadLetters.text(first.headers(), DeadLetters.STAGE));
        assertEquals(Topics.SCORED, DeadLetters.text(first.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(first.headers(), DeadLetters.SOURCE_OFFSET));
        assertNotNull(DeadLetters.text(first.headers(), DeadLetters.EXCEPTION));
        assertNull(DeadLetters.text(dead.get(2).headers(), DeadLetters.EXCEPTION));

        List<GroupAdvantages> out = advantagesOut.readValuesToList();
        assertEquals(1, out.size(), "the valid group still completes");
        assertEquals(4, out.get(0).getSamples().size());
        assertEquals(7, metrics.snapshot().deadLettered());
    }

    @Test
    void closedMarkerIsDeletedAfterItsRetention() {
        start(new CenteringTopologyConfig(MATHS, TIMEOUT, 2, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ));
        send(scored("g", 0, 1, 1, 0.5, 1), T0);
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(CenteringTopology.GROUPS_STORE);
        assertNotNull(GroupState.header(store, "g"));
        ticks.advance(Duration.ofSeconds(11));
        assertNull(GroupState.header(store, "g"));
        assertEquals(1, emitted().size());
    }

    @Test
    void zeroRetentionDeletesTheStateAtEmission() {
        start(new CenteringTopologyConfig(MATHS, TIMEOUT, 2, Duration.ofSeconds(1), Duration.ZERO,
                Topics.SCORED, Topics.ADVANTAGES, Topics.POLICY, Topics.DLQ));
        send(scored("g", 0, 2, 1, 0.5, 1), T0);
        send(scored("g", 1, 2, 0, 0.5, 1), T0);
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(CenteringTopology.GROUPS_STORE);
        assertNull(GroupState.header(store, "g"));
        assertEquals(1, advantagesOut.readValuesToList().size());
    }

    @Test
    void guardAndZeroVarianceAreReportedInRecordAndMetrics() {
        CenteringConfig guarded = new CenteringConfig(CenteringMode.NONE, MixingMode.ADVANTAGE, 5.0, StdMode.UNBIASED, true);
        start(CenteringTopologyConfig.defaults(guarded));
        send(scored("mixed", 0, 2, 1, 0.1, 1), T0);
        send(scored("mixed", 1, 2, 0, 0.9, 1), T0);
        send(scored("same", 0, 2, 0, 0.1, 1), T0);
        send(scored("same", 1, 2, 0, 0.9, 1), T0);
        var out = advantagesOut.readKeyValuesToMap();
        assertEquals(0, out.get("mixed").getDominanceViolations());
        assertTrue(out.get("mixed").getDominanceScale() < 1.0);
        assertTrue(out.get("mixed").getCentering().getDominanceGuard());
        assertTrue(out.get("same").getZeroVarianceOutcome());
        CenteringMetrics.Snapshot m = metrics.snapshot();
        assertEquals(1, m.zeroVarianceGroups());
        assertEquals(1, m.dominanceViolationsBeforeGuard());
        assertEquals(0, m.dominanceViolations());
        assertEquals(1, m.groupsGuarded());
    }

    @Test
    void theStdBonusScaleFromTheSettingsReachesTheRecord() {
        start(CenteringTopologyConfig.fromSettings(Map.of("bonus-scale", "std")));
        // R = (0, 0, 0), b = (0.9, 0.4, 0.2): b̃ = (0.4, −0.1, −0.3), σ = sqrt(0.26/3) = 0.294392 → A = 0.1·b̃/(σ + 1e−6)
        double[] b = {0.9, 0.4, 0.2};
        for (int i = 0; i < 3; i++) {
            send(scored("g", i, 3, 0, b[i], 1), T0);
        }
        GroupAdvantages g = advantagesOut.readValue();
        double sigma = Math.sqrt(0.26 / 3) + 1e-6;
        assertArrayEquals(new double[] {0.04 / sigma, -0.01 / sigma, -0.03 / sigma},
                g.getSamples().stream().mapToDouble(SampleAdvantage::getAdvantage).toArray(), 1e-12);
        assertArrayEquals(new double[] {0.4 / sigma, -0.1 / sigma, -0.3 / sigma},
                g.getSamples().stream().mapToDouble(SampleAdvantage::getCentredBonus).toArray(), 1e-12);
        assertEquals("std", g.getCentering().getBonusScale());
    }

    @Test
    void emissionLatencyIsMeasuredFromTheLastSampleTimestamp() {
        start();
        driver.advanceWallClockTime(Duration.ofMillis(250));
        send(scored("g", 0, 2, 1, 0.5, 1), T0 + 100);
        send(scored("g", 1, 2, 0, 0.5, 1), T0 + 200);
        CenteringMetrics.Snapshot m = metrics.snapshot();
        assertEquals(1, m.latencyCount());
        assertEquals(50, m.latencyP50Ms());
        assertEquals(50, m.latencyMaxMs());
    }

    @Test
    void undecodablePolicyRecordIsSkippedAndCounted() {
        start();
        TestInputTopic<byte[], byte[]> rawPolicy = driver.createInputTopic(Topics.POLICY, new ByteArraySerializer(),
                new ByteArraySerializer());
        rawPolicy.pipeInput("policy".getBytes(StandardCharsets.UTF_8), new byte[] {9, 9, 9});
        send(scored("g", 0, 2, 1, 0.5, 0), T0);
        send(scored("g", 1, 2, 0, 0.5, 0), T0);
        assertEquals(1, advantagesOut.readValuesToList().size());
        assertEquals(1, metrics.snapshot().policyDecodeFailures());
    }
}
