package dev.progrs.centering.topology;

import static dev.progrs.centering.topology.ScoredFixtures.scored;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.group.BufferedSamples;
import dev.progrs.centering.group.GroupAdvantagesAssembler;
import dev.progrs.centering.group.GroupHeaders;
import dev.progrs.centering.group.OutputContent;
import dev.progrs.centering.group.ScoredSample;
import dev.progrs.centering.maths.AdvantageResult;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.store.BufferedSample;
import dev.progrs.centering.store.GroupHeader;
import dev.progrs.schemas.registry.SchemaStore;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.schemas.serde.WireFormat;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Reading the needed fields straight from the wire and writing the output from bytes give what the codecs give. */
class WireFastPathTest {

    private final SchemaStore registry = new SchemaStore();
    private final AvroSerde<ScoredTrajectory> scoredSerde = AvroSerde.of(ScoredTrajectory.class, registry);
    private final AvroSerde<GroupAdvantages> advantagesSerde = AvroSerde.of(GroupAdvantages.class, registry);
    private final ScoredSampleDecoder decoder = new ScoredSampleDecoder(registry, scoredSerde.deserializer());

    private static void assertSameSample(ScoredSample expected, ScoredSample actual) {
        assertEquals(expected.groupId(), actual.groupId());
        assertEquals(expected.sampleIndex(), actual.sampleIndex());
        assertEquals(expected.groupSize(), actual.groupSize());
        assertEquals(expected.promptId(), actual.promptId());
        assertEquals(expected.suite(), actual.suite());
        assertEquals(expected.difficulty(), actual.difficulty());
        assertEquals(expected.policyVersion(), actual.policyVersion());
        assertEquals(expected.outcome(), actual.outcome());
        assertEquals(expected.processScore(), actual.processScore());
        assertEquals(expected.stepCount(), actual.stepCount());
        assertEquals(expected.extractedAnswer(), actual.extractedAnswer());
        assertEquals(expected.generatedAtMs(), actual.generatedAtMs());
        assertArrayEquals(expected.promptTokenIds(), actual.promptTokenIds());
        assertArrayEquals(expected.responseTokenIds(), actual.responseTokenIds());
        assertArrayEquals(expected.behaviourLogProbs(), actual.behaviourLogProbs());
    }

    @Test
    void theWireReadEqualsTheFullDecodeAndUsesAPlan() {
        ScoredTrajectory s = scored("g-7", 2, 4, 1, 0.625, 9);
        s.getTrajectory().setDifficulty(null);
        s.getTrajectory().setExtractedAnswer(null);
        byte[] bytes = scoredSerde.serializer().serialize("t", s);
        ScoredSample fast = decoder.readWithPlan(bytes);
        assertNotNull(fast, "this build's own schema is read by a plan");
        assertSameSample(ScoredSample.of(s), fast);
        assertSameSample(ScoredSample.of(s), decoder.decode("t", new RecordHeaders(), bytes));
        assertNull(fast.difficulty());
        assertNull(fast.extractedAnswer());
        assertEquals(3, fast.stepCount());
    }

    @Test
    void longStringsMultiByteTokensAndNestedArraysAreReadByThePlan() {
        ScoredTrajectory s = scored("g-" + "x".repeat(300), 1, 2, 0, 0.25, 3);
        List<Integer> tokens = new ArrayList<>();
        List<Float> logProbs = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            tokens.add(i * 977 % 50_000);
            logProbs.add(-0.001f * i);
        }
        s.getTrajectory().setResponseTokenIds(tokens);
        s.getTrajectory().setBehaviourLogProbs(logProbs);
        s.getTrajectory().setPromptText("p".repeat(5_000));
        s.getTrajectory().setSteps(List.of("a".repeat(200), "b", "c".repeat(129)));
        byte[] bytes = scoredSerde.serializer().serialize("t", s);
        ScoredSample fast = decoder.readWithPlan(bytes);
        assertNotNull(fast);
        assertSameSample(ScoredSample.of(s), fast);
    }

    @Test
    void brokenBytesGetTheStandardDeserializersError() {
        byte[] bytes = scoredSerde.serializer().serialize("t", scored("g", 0, 2, 1, 0.5, 1));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 7);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        for (byte[] bad : List.of(truncated, trailing)) {
            WireFormatException expected = assertThrows(WireFormatException.class,
                    () -> scoredSerde.deserializer().deserialize("t", bad));
            WireFormatException actual = assertThrows(WireFormatException.class, () -> decoder.decode("t", new RecordHeaders(), bad));
            assertEquals(expected.getMessage(), actual.getMessage());
        }
        assertNull(decoder.decode("t", new RecordHeaders(), null));
    }

    @Test
    void theDirectWriterWritesTheSerializersBytes() {
        assertTrue(GroupAdvantagesWriter.matchesSchema());
        SplittableRandom random = new SplittableRandom(17);
        CenteringConfig config = CenteringConfig.defaults();
        for (int round = 0; round < 50; round++) {
            int k = 1 + random.nextInt(8);
            List<BufferedSample> samples = new ArrayList<>();
            GroupHeader header = null;
            for (int i = 0; i < k; i++) {
                if (random.nextInt(4) == 0 && i > 0) {
                    continue; // a partial group
                }
                ScoredTrajectory s = scored("g" + round, i, k, random.nextInt(2), random.nextDouble(), 1 + random.nextInt(3));
                if (random.nextBoolean()) {
                    s.getTrajectory().setExtractedAnswer(null);
                }
                if (round % 3 == 0) {
                    s.getTrajectory().setDifficulty(null);
                }
                ScoredSample sample = decoder.decode("t", new RecordHeaders(), scoredSerde.serializer().serialize("t", s));
                if (header == null) {
                    header = GroupHeaders.open(sample, 5, 6);
                }
                GroupHeaders.add(header, i, sample.policyVersion(), 100 + i);
                samples.add(BufferedSamples.of(sample, round % 5 == 0 ? OutputContent.SCORES_ONLY : OutputContent.FULL));
            }
            header.setDuplicatesDropped(random.nextInt(3));
            AdvantageResult result = GroupAdvantagesAssembler.compute(samples, config);
            boolean timedOut = random.nextBoolean();
            assertNotNull(decoder.readWithPlan(scoredSerde.serializer().serialize("t", scored("x", 0, 1, 1, 0.5, 1))));
            byte[] expected = advantagesSerde.serializer().serialize("out",
                    GroupAdvantagesAssembler.record(header, samples, result, config, timedOut, 1234));
            byte[] actual = GroupAdvantagesWriter.write(WireFormat.schemaId(expected), header, samples, result,
                    GroupAdvantagesAssembler.settings(config), timedOut, 1234);
            assertArrayEquals(expected, actual, "round " + round);
        }
    }
}
