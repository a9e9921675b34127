package dev.progrs.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.TinyPolicies;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest can only name weights inside its own directory, and the checkpoint hash binds the manifest to them. */
class CheckpointConfinementTest {

    @TempDir
    Path tmp;

    private SharedDirectoryCheckpointStore store;
    private Path v1;
    private Path v2;

    @BeforeEach
    void twoVersions() throws IOException {
        store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        try (PolicyModel a = TinyPolicies.create(1); PolicyModel b = TinyPolicies.create(2)) {
            a.setVersion(1);
            b.setVersion(2);
            v1 = store.get(store.put(1, dir -> PolicyCheckpoint.save(a, dir, Map.of())));
            v2 = store.get(store.put(2, dir -> PolicyCheckpoint.save(b, dir, Map.of())));
        }
    }

    /** Rewrites v2's manifest to name {@code weightsFile} with v1's hash and size: a manifest that borrows another checkpoint's weights. */
    private CheckpointManifest pointV2At(String weightsFile) throws IOException {
        CheckpointManifest m = CheckpointManifest.read(v2.resolve(CheckpointManifest.FILE_NAME));
        CheckpointManifest w1 = CheckpointManifest.read(v1.resolve(CheckpointManifest.FILE_NAME));
        CheckpointManifest forged = new CheckpointManifest(m.formatVersion(), m.kind(), m.architecture(), m.tokenizerVersion(),
                m.tokenizerAlphabet(), m.policyVersion(), weightsFile, w1.weightsSha256(), w1.weightsBytes(), m.parameterCount(),
                m.createdAt(), m.training());
        forged.write(v2.resolve(CheckpointManifest.FILE_NAME));
        return forged;
    }

    private CheckpointException refusedLoad() {
        return assertThrows(CheckpointException.class, () -> PolicyCheckpoint.load(v2, Device.cpu()).close());
    }

    @Test
    void weightsOfAnotherCheckpointThroughDotDotAreRefused() throws IOException {
        pointV2At("../" + v1.getFileName() + "/" + PolicyCheckpoint.WEIGHTS_FILE);
        CheckpointException e = refusedLoad();
        assertTrue(e.getMessage().contains("weightsFile '../v00000001/weights.params' climbs out of the directory"), e.getMessage());
        assertTrue(e.getMessage().contains(v2.resolve(CheckpointManifest.FILE_NAME).toString()), e.getMessage());
    }

    @Test
    void anAbsoluteWeightsPathIsRefused() throws IOException {
        String absolute = v1.resolve(PolicyCheckpoint.WEIGHTS_FILE).toAbsolutePath().toString();
        pointV2At(absolute);
        CheckpointException e = refusedLoad();
        assertTrue(e.getMessage().contains("weightsFile '" + absolute + "' is an absolute path"), e.getMessage());
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheDirectoryIsRefused() throws IOException {
        Files.createSymbolicLink(v2.resolve("borrowed.params"), v1.resolve(PolicyCheckpoint.WEIGHTS_FILE).toAbsolutePath());
        pointV2At("borrowed.params");
        CheckpointException e = refusedLoad();
        assertTrue(e.getMessage().contains("weightsFile 'borrowed.params' is a symbolic link to"), e.getMessage());
    }

    @Test
    void aSymbolicLinkInsideTheDirectoryIsAccepted() throws IOException {
        Files.createSymbolicLink(v2.resolve("alias.params"), Path.of(PolicyCheckpoint.WEIGHTS_FILE));
        CheckpointManifest m = CheckpointManifest.read(v2.resolve(CheckpointManifest.FILE_NAME));
        new CheckpointManifest(m.formatVersion(), m.kind(), m.architecture(), m.tokenizerVersion(), m.tokenizerAlphabet(),
                m.policyVersion(), "alias.params", m.weightsSha256(), m.weightsBytes(), m.parameterCount(), m.createdAt(), m.training())
                .write(v2.resolve(CheckpointManifest.FILE_NAME));
        try (PolicyModel p = PolicyCheckpoint.load(v2, Device.cpu())) {
            assertEquals(2, p.version());
        }
    }

    @Test
    void copiedWeightsWithTheirHashNoLongerMatchTheAnnouncedCheckpointHash() throws IOException {
        String announced = VerifiedCheckpoint.of(v2).checkpointSha256();
        Files.copy(v1.resolve(PolicyCheckpoint.WEIGHTS_FILE), v2.resolve(PolicyCheckpoint.WEIGHTS_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        pointV2At(PolicyCheckpoint.WEIGHTS_FILE);
        VerifiedCheckpoint swapped = VerifiedCheckpoint.of(v2); // consistent in itself: v1's weights, v1's hash
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> swapped.requireAnnounced(announced, "progrs.policy version 2"));
        assertTrue(e.getMessage().contains("announced " + announced), e.getMessage());
        assertTrue(e.getMessage().contains("has checkpoint hash " + swapped.checkpointSha256()), e.getMessage());
    }

    @Test
    void anAnnouncementOfTheWeightsHashAloneIsRefusedAndExplained() {
        VerifiedCheckpoint c = VerifiedCheckpoint.of(v2);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.requireAnnounced(c.manifest().weightsSha256(), "progrs.policy version 2"));
        assertTrue(e.getMessage().contains("the weights' own sha256"), e.getMessage());
        c.requireAnnounced(c.checkpointSha256().toUpperCase(), "progrs.policy version 2");
    }

    @Test
    void aVersionDirectoryLinkedOutOfTheStoreIsRefused() throws IOException {
        Path outside = tmp.resolve("outside");
        CheckpointFiles.copyFlat(v1, Files.createDirectories(outside));
        Path link = store.root().resolve("v00000009");
        Files.createSymbolicLink(link, outside);
        CheckpointException e = assertThrows(CheckpointException.class, () -> store.get(link.toUri()));
        assertTrue(e.getMessage().contains("outside the store root"), e.getMessage());
    }

    @Test
    void theStoreStillServesItsOwnVersions() throws IOException {
        URI u = store.list().get(0).uri();
        assertEquals(v1, store.get(u));
    }
}
