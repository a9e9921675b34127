package dev.progrs.generator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.checkpoint.CheckpointException;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator loads what was announced, or nothing: e.g. not a manifest that borrowed another checkpoint's weights. */
class PolicyLoaderTest {

    private static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);

    @TempDir
    Path tmp;

    private SharedDirectoryCheckpointStore store;
    private PolicyLoader loader;
    private URI u1;
    private URI u2;
    private PolicyVersion announced2;

    @BeforeEach
    void twoVersions() throws IOException {
        store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        loader = new PolicyLoader(store, Device.cpu());
        TransformerConfig tiny = new TransformerConfig(TOKENIZER.vocabSize(), 32, 2, 4, 96, 64, true, 1e-5f);
        try (PolicyModel a = PolicyModel.create(tiny, TOKENIZER, Device.cpu(), 1);
             PolicyModel b = PolicyModel.create(tiny, TOKENIZER, Device.cpu(), 2)) {
            a.setVersion(1);
            b.setVersion(2);
            u1 = store.put(1, dir -> PolicyCheckpoint.save(a, dir, Map.of()));
            u2 = store.put(2, dir -> PolicyCheckpoint.save(b, dir, Map.of()));
        }
        announced2 = PolicyVersion.newBuilder().setVersion(2).setCheckpointUri(u2.toString())
                .setSha256(VerifiedCheckpoint.of(store.get(u2)).checkpointSha256()).setCreatedAtMs(0).setParentVersion(1L)
                .setGroupsConsumed(0).setRolloutsConsumed(0).setMetrics(new HashMap<>()).build();
    }

    private void rewriteManifestOfV2(String weightsFile, Path weightsLike) throws IOException {
        Path mf = store.get(u2).resolve(CheckpointManifest.FILE_NAME);
        CheckpointManifest m = CheckpointManifest.read(mf);
        CheckpointManifest other = CheckpointManifest.read(weightsLike.resolveSibling(CheckpointManifest.FILE_NAME));
        new CheckpointManifest(m.formatVersion(), m.kind(), m.architecture(), m.tokenizerVersion(), m.tokenizerAlphabet(), m.policyVersion(),
                weightsFile, other.weightsSha256(), other.weightsBytes(), m.parameterCount(), m.createdAt(), m.training()).write(mf);
    }

    @Test
    void theAnnouncedCheckpointLoads() {
        try (PolicyModel p = loader.load(announced2)) {
            assertEquals(2, p.version());
        }
    }

    @Test
    void aManifestNamingAnotherVersionsWeightsIsRefused() throws IOException {
        Path w1 = store.get(u1).resolve(PolicyCheckpoint.WEIGHTS_FILE);
        rewriteManifestOfV2("../v00000001/" + PolicyCheckpoint.WEIGHTS_FILE, w1);
        CheckpointException e = assertThrows(CheckpointException.class, () -> loader.load(announced2).close());
        assertTrue(e.getMessage().contains("climbs out of the directory"), e.getMessage());
    }

    @Test
    void anotherVersionsWeightsCopiedInWithTheirHashAreRefused() throws IOException {
        Path w1 = store.get(u1).resolve(PolicyCheckpoint.WEIGHTS_FILE);
        Files.copy(w1, store.get(u2).resolve(PolicyCheckpoint.WEIGHTS_FILE), StandardCopyOption.REPLACE_EXISTING);
        rewriteManifestOfV2(PolicyCheckpoint.WEIGHTS_FILE, w1);
        CheckpointException e = assertThrows(CheckpointException.class, () -> loader.load(announced2).close());
        assertTrue(e.getMessage().startsWith("policy version 2 refused: checkpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("announced " + announced2.getSha256()), e.getMessage());
    }
}
