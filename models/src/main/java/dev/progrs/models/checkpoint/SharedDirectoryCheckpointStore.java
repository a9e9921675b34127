package dev.progrs.models.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link CheckpointStore} on a directory every worker can read (local disk, NFS, a mounted volume).
 *
 * <p>Layout: {@code <root>/v00000042/} per version. A put writes into
 * {@code <root>/.tmp-<uuid>/}, fsyncs every file and the directory, then renames it to its final
 * name with an atomic move, so readers never see a half-written checkpoint; a crash leaves only a
 * {@code .tmp-} directory, which {@link #list()} ignores and {@link #removeStaleTemporaries()}
 * deletes (the learner, the store's one writer, calls it at start-up; readers never do, so they
 * cannot delete a put in flight). A version that exists already is kept: putting identical weights
 * again returns its URI, different weights are refused. {@link #get} refuses a version directory
 * that is, or leads through, a symbolic link out of the root.
 */
public final class SharedDirectoryCheckpointStore implements CheckpointStore {

    private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{8,})");
    private static final String TMP_PREFIX = ".tmp-";
    private static final Pattern TMP_DIR = Pattern.compile("\\.tmp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path root;

    public SharedDirectoryCheckpointStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    /** Directory of a version: {@code <root>/v%08d}. */
    public Path directoryOf(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("checkpoint version must be >= 0, got " + version);
        }
        return root.resolve(String.format("v%08d", version));
    }

    @Override
    public URI put(long version, CheckpointWriter writer) throws IOException {
        Path target = directoryOf(version);
        Path tmp = root.resolve(TMP_PREFIX + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            writer.writeTo(tmp);
            Path manifest = tmp.resolve(CheckpointManifest.FILE_NAME);
            if (Files.exists(manifest)) {
                CheckpointManifest m = CheckpointManifest.read(manifest);
                if (m.policyVersion() != version) {
                    throw new CheckpointException("checkpoint put as version " + version + " but its manifest " + manifest
                            + " says policyVersion " + m.policyVersion());
                }
                PolicyCheckpoint.verifyWeights(tmp, m);
            }
            CheckpointFiles.fsyncAll(tmp);
            if (Files.exists(target)) {
                if (CheckpointFiles.sameContents(tmp, target)) {
                    return target.toUri();
                }
                throw new CheckpointException("checkpoint version " + version + " already exists at " + target
                        + " with different contents; versions are immutable");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new CheckpointException("the file system of " + root + " cannot rename atomically; use another store root", e);
            }
            CheckpointFiles.fsyncDirectory(root);
            return target.toUri();
        } finally {
            CheckpointFiles.deleteFlat(tmp);
        }
    }

    @Override
    public Path get(URI uri) {
        Path p = Path.of(uri).toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new CheckpointException("checkpoint " + uri + " is outside the store root " + root);
        }
        if (!Files.isDirectory(p)) {
            throw new CheckpointException("checkpoint " + uri + " does not exist in store " + root);
        }
        try {
            Path realRoot = root.toRealPath();
            Path real = p.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw new CheckpointException("checkpoint " + uri + " is a symbolic link to " + real + ", outside the store root " + realRoot);
            }
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + uri + " cannot be resolved in store " + root + ": " + e.getMessage(), e);
        }
        return p;
    }

    /**
     * Deletes the {@code .tmp-<uuid>} directories that puts interrupted by a crash left in the root
     * (their contents first, without following links). Only the store's writer may call this, at
     * start-up, before its first put.
     *
     * @return the directories deleted
     */
    @Override
    public List<Path> removeStaleTemporaries() throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, TMP_PREFIX + "*")) {
            for (Path d : entries) {
                if (TMP_DIR.matcher(d.getFileName().toString()).matches()
                        && Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    CheckpointFiles.deleteTree(d);
                    removed.add(d);
                }
            }
        }
        return removed;
    }

    @Override
    public Optional<Entry> latest() throws IOException {
        List<Entry> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                Matcher m = VERSION_DIR.matcher(d.getFileName().toString());
                if (m.matches() && Files.isDirectory(d)) {
                    out.add(new Entry(Long.parseLong(m.group(1)), d.toUri()));
                }
            }
        }
        out.sort(Comparator.comparingLong(Entry::version));
        return out;
    }
}
