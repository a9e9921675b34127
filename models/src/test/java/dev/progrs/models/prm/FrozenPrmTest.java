package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.checkpoint.CheckpointException;
import dev.progrs.models.checkpoint.CheckpointManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrozenPrmTest {

    @TempDir
    Path dir;

    private CheckpointManifest saveTiny(Path where) throws Exception {
        try (PrmModel prm = TinyPrms.create(21)) {
            return PrmCheckpoint.save(prm, where, Map.of("seed", "21"));
        }
    }

    @Test
    void aSavedPrmLoadsFrozenWithItsHashLevelsAndScores() throws Exception {
        PrmSequence seq = TinyPrms.randomSequence(new SplittableRandom(8), 30, 4);
        double[][] expected;
        CheckpointManifest m;
        try (PrmModel prm = TinyPrms.create(21)) {
            expected = prm.score(List.of(seq)).get(0);
            m = PrmCheckpoint.save(prm, dir, Map.of());
        }
        assertEquals("prm", m.kind());
        assertEquals("0.1,0.5,0.9", m.training().get(PrmCheckpoint.QUANTILE_LEVELS_KEY));
        try (FrozenPrm frozen = FrozenPrm.load(dir, Device.cpu())) {
            assertEquals(m.weightsSha256(), frozen.sha256());
            assertEquals(frozen.sha256(), frozen.currentWeightsSha256());
            assertArrayEquals(new double[] {0.1, 0.5, 0.9}, frozen.quantileLevels());
            double[][] got = frozen.score(List.of(seq)).get(0);
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], got[t], 1e-6);
            }
        }
    }

    @Test
    void aTokenSurprisePrmRoundTripsWithItsHeadInputAndCalibration() throws Exception {
        PrmSequence random = TinyPrms.randomSequence(new SplittableRandom(8), 30, 0);
        PrmSequence seq = new PrmSequence(random.tokenIds(), new int[] {12, 18, 25, 29}, 8);
        double[][] expected;
        try (PrmModel prm = PrmModel.create(TinyPrms.config().withTokenSurprise(true), TinyPrms.TOKENIZER, Device.cpu(), 21)) {
            prm.setRecalibration(new QuantileRecalibration(List.of(0.3, -0.2, 0.1)));
            expected = prm.score(List.of(seq)).get(0);
            CheckpointManifest m = PrmCheckpoint.save(prm, dir, Map.of());
            assertEquals("boundary+surprise", m.training().get(PrmCheckpoint.HEAD_INPUT_KEY));
            assertEquals("0.3,-0.2,0.1", m.training().get(PrmCheckpoint.LOGIT_SHIFTS_KEY));
        }
        try (FrozenPrm frozen = FrozenPrm.load(dir, Device.cpu())) {
            double[][] got = frozen.score(List.of(seq)).get(0);
            for (int t = 0; t < expected.length; t++) {
                assertArrayEquals(expected[t], got[t], 1e-6);
            }
        }
        Path manifest = dir.resolve(CheckpointManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("boundary+surprise", "surprise-only"));
        var e = assertThrows(CheckpointException.class, () -> FrozenPrm.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("headInput = surprise-only; accepted: boundary, boundary+surprise"), e.getMessage());
    }

    @Test
    void aTamperedWeightsFileIsRefusedNamingBothHashes() throws Exception {
        CheckpointManifest m = saveTiny(dir);
        Path weights = dir.resolve(m.weightsFile());
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x01;
        Files.write(weights, bytes);
        var e = assertThrows(CheckpointException.class, () -> FrozenPrm.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("sha256 expected " + m.weightsSha256()), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherKindIsRefused() throws Exception {
        saveTiny(dir);
        Path manifest = dir.resolve(CheckpointManifest.FILE_NAME);
        Files.writeString(manifest, Files.readString(manifest).replace("\"prm\"", "\"policy\""));
        var e = assertThrows(CheckpointException.class, () -> FrozenPrm.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("kind expected prm"), e.getMessage());
    }

    @Test
    void anIdOutsideTheVocabularyIsRefused() throws Exception {
        saveTiny(dir);
        try (FrozenPrm frozen = FrozenPrm.load(dir, Device.cpu())) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> frozen.score(List.of(new PrmSequence(new int[] {1, 999}, new int[] {1}))));
            assertTrue(e.getMessage().contains("999"), e.getMessage());
        }
    }
}
