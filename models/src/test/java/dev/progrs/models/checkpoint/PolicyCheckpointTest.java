package dev.progrs.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.policy.TinyPolicies;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckpointTest {

    @TempDir
    Path tmp;

    private static float[] logProbs(PolicyModel p) {
        try (NDManager m = p.manager().newSubManager()) {
            NDArray ids = m.create(new long[] {1, 20, 21, 22, 23, 24}, new Shape(1, 6));
            return p.tokenLogProbs(ids, m.ones(ids.getShape(), DataType.INT64), 1f).toFloatArray();
        }
    }

    private Path saved(long version) throws IOException {
        Path dir = tmp.resolve("ckpt-" + version);
        try (PolicyModel p = TinyPolicies.create(3)) {
            p.setVersion(version);
            PolicyCheckpoint.save(p, dir, Map.of("note", "test"));
        }
        return dir;
    }

    @Test
    void roundTripGivesIdenticalOutputsAndMetadata() throws IOException {
        Path dir = tmp.resolve("ckpt");
        try (PolicyModel p = TinyPolicies.create(3)) {
            p.setVersion(5);
            CheckpointManifest m = PolicyCheckpoint.save(p, dir, Map.of("seed", "3"));
            try (PolicyModel q = PolicyCheckpoint.load(dir, Device.cpu(), TinyPolicies.config(), TinyPolicies.TOKENIZER)) {
                assertArrayEquals(logProbs(p), logProbs(q), 0f);
                assertEquals(5, q.version());
                assertEquals(p.tokenizer().version(), q.tokenizer().version());
                var greedy = SamplingConfig.greedy(20);
                assertArrayEquals(new PolicySampler(p).generateText(java.util.List.of("a=1. b=a+1. What is b?"), greedy).get(0).tokenIds(),
                        new PolicySampler(q).generateText(java.util.List.of("a=1. b=a+1. What is b?"), greedy).get(0).tokenIds());
            }
            CheckpointManifest read = CheckpointManifest.read(dir.resolve(CheckpointManifest.FILE_NAME));
            assertEquals(m, read);
            assertEquals(TinyPolicies.config(), read.architecture());
            assertEquals("3", read.training().get("seed"));
            assertEquals(FileDigest.sha256(dir.resolve(PolicyCheckpoint.WEIGHTS_FILE)), read.weightsSha256());
        }
    }

    @Test
    void aFlippedByteIsRefusedNamingTheFileAndBothHashes() throws IOException {
        Path dir = saved(1);
        Path weights = dir.resolve(PolicyCheckpoint.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(weights, bytes);
        String expected = CheckpointManifest.read(dir.resolve(CheckpointManifest.FILE_NAME)).weightsSha256();
        CheckpointException e = assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains(weights.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(FileDigest.sha256(weights)), e.getMessage());
    }

    @Test
    void aTruncatedWeightsFileIsRefusedNamingBothSizes() throws IOException {
        Path dir = saved(1);
        Path weights = dir.resolve(PolicyCheckpoint.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 100));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains("checkpoint weights " + weights + " are truncated: size expected " + bytes.length
                + " bytes (weightsBytes in " + dir.resolve(CheckpointManifest.FILE_NAME) + "), actual " + (bytes.length - 100)),
                e.getMessage());
    }

    @Test
    void aTruncatedFileWhoseManifestMatchesItIsRefusedNamingTheFileAndWhatWasMissing() throws IOException {
        // the manifest was written after the truncation: size and sha agree, the parameters do not fit
        Path dir = saved(1);
        Path weights = dir.resolve(PolicyCheckpoint.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
        Path mf = dir.resolve(CheckpointManifest.FILE_NAME);
        CheckpointManifest m = CheckpointManifest.read(mf);
        new CheckpointManifest(m.formatVersion(), m.kind(), m.architecture(), m.tokenizerVersion(), m.tokenizerAlphabet(), m.policyVersion(),
                m.weightsFile(), FileDigest.sha256(weights), Files.size(weights), m.parameterCount(), m.createdAt(), m.training()).write(mf);
        CheckpointException e = assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().startsWith("checkpoint weights " + weights), e.getMessage());
        assertTrue(e.getMessage().contains("parameterCount " + m.parameterCount()), e.getMessage());
        System.out.println("truncated, manifest matching: " + e.getMessage());
    }

    @Test
    void aMissingManifestIsRefusedNamingIt() throws IOException {
        Path dir = saved(1);
        Files.delete(dir.resolve(CheckpointManifest.FILE_NAME));
        CheckpointException e = assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains(dir.resolve(CheckpointManifest.FILE_NAME).toString()), e.getMessage());
    }

    @Test
    void anotherTokenizerIsRefused() throws IOException {
        Path dir = saved(1);
        CharTokenizer other = new CharTokenizer(TinyPolicies.TOKENIZER.alphabet() + "#");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> PolicyCheckpoint.load(dir, Device.cpu(), null, other));
        assertTrue(e.getMessage().contains("tokenizerVersion expected " + other.version()), e.getMessage());
        assertTrue(e.getMessage().contains(TinyPolicies.TOKENIZER.version()), e.getMessage());
    }

    @Test
    void anotherArchitectureIsRefused() throws IOException {
        Path dir = saved(1);
        TransformerConfig bigger = TransformerConfig.policyDefault(TinyPolicies.TOKENIZER.vocabSize());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> PolicyCheckpoint.load(dir, Device.cpu(), bigger, TinyPolicies.TOKENIZER));
        assertTrue(e.getMessage().contains("architecture expected " + bigger), e.getMessage());
    }

    @Test
    void aManifestWhoseArchitectureDoesNotFitTheWeightsIsRefused() throws IOException {
        Path dir = saved(1);
        Path mf = dir.resolve(CheckpointManifest.FILE_NAME);
        CheckpointManifest m = CheckpointManifest.read(mf);
        TransformerConfig wrong = new TransformerConfig(m.architecture().vocabSize(), 48, 2, 4, 96, 64, true, 1e-5f);
        new CheckpointManifest(m.formatVersion(), m.kind(), wrong, m.tokenizerVersion(), m.tokenizerAlphabet(), m.policyVersion(),
                m.weightsFile(), m.weightsSha256(), m.weightsBytes(), m.parameterCount(), m.createdAt(), m.training()).write(mf);
        CheckpointException e = assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(dir, Device.cpu()));
        assertTrue(e.getMessage().contains(dir.resolve(PolicyCheckpoint.WEIGHTS_FILE).toString()), e.getMessage());
    }
}
