package dev.progrs.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDirectoryCheckpointStoreTest {

    @TempDir
    Path tmp;

    @Test
    void putGetAndLatestFollowVersions() throws IOException {
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        assertTrue(store.latest().isEmpty());
        URI u1;
        URI u3;
        try (PolicyModel p = TinyPolicies.create(1)) {
            p.setVersion(1);
            u1 = store.put(1, dir -> PolicyCheckpoint.save(p, dir, Map.of()));
            p.setVersion(3);
            u3 = store.put(3, dir -> PolicyCheckpoint.save(p, dir, Map.of()));
        }
        assertEquals(3, store.latest().orElseThrow().version());
        assertEquals(u3, store.latest().orElseThrow().uri());
        assertEquals(2, store.list().size());
        try (PolicyModel q = PolicyCheckpoint.load(store.get(u1), Device.cpu())) {
            assertEquals(1, q.version());
        }
        try (Stream<Path> files = Files.list(store.root())) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(".tmp-")), "temp dirs are cleaned up");
        }
    }

    @Test
    void aFailedWriteLeavesNoVisibleVersion() throws IOException {
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        assertThrows(IOException.class, () -> store.put(7, dir -> {
            Files.writeString(dir.resolve("weights.params"), "partial");
            throw new IOException("disk full");
        }));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void aVersionIsImmutableButAnIdenticalPutIsIdempotent() throws IOException {
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        Path src = tmp.resolve("src");
        try (PolicyModel p = TinyPolicies.create(1)) {
            p.setVersion(2);
            PolicyCheckpoint.save(p, src, Map.of());
            URI first = store.put(2, src);
            assertEquals(first, store.put(2, src));
        }
        try (PolicyModel other = TinyPolicies.create(99)) {
            other.setVersion(2);
            CheckpointException e = assertThrows(CheckpointException.class, () -> store.put(2, dir -> PolicyCheckpoint.save(other, dir, Map.of())));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
    }

    @Test
    void aManifestVersionDifferentFromThePutVersionIsRefused() throws IOException {
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        try (PolicyModel p = TinyPolicies.create(1)) {
            p.setVersion(4);
            CheckpointException e = assertThrows(CheckpointException.class, () -> store.put(5, dir -> PolicyCheckpoint.save(p, dir, Map.of())));
            assertTrue(e.getMessage().contains("policyVersion 4"), e.getMessage());
        }
    }

    @Test
    void temporariesLeftByACrashedPutAreRemovedAndNothingElse() throws IOException {
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(tmp.resolve("store"));
        try (PolicyModel p = TinyPolicies.create(1)) {
            p.setVersion(1);
            store.put(1, dir -> PolicyCheckpoint.save(p, dir, Map.of()));
        }
        Path crashed = Files.createDirectory(store.root().resolve(".tmp-" + java.util.UUID.randomUUID()));
        Files.writeString(crashed.resolve("weights.params"), "half a checkpoint");
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "not the store's");
        Files.createSymbolicLink(crashed.resolve("link"), outside);
        Path notOurs = Files.createDirectory(store.root().resolve(".tmp-notes"));

        assertEquals(java.util.List.of(crashed), store.removeStaleTemporaries());

        assertFalse(Files.exists(crashed));
        assertTrue(Files.exists(outside.resolve("keep")), "links are deleted, not followed");
        assertTrue(Files.exists(notOurs), "only .tmp-<uuid> directories are the store's");
        assertEquals(1, store.list().size());
        assertEquals(java.util.List.of(), store.removeStaleTemporaries());
    }
}
