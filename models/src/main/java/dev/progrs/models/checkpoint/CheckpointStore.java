package dev.progrs.models.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where versioned checkpoints live so that every worker can fetch them. A version, once put, is
 * immutable; a put of an identical checkpoint again is a no-op returning the same URI.
 */
public interface CheckpointStore {

    /** Writes the files of one checkpoint into a directory the store provides. */
    @FunctionalInterface
    interface CheckpointWriter {
        void writeTo(Path dir) throws IOException;
    }

    /** A stored checkpoint. */
    record Entry(long version, URI uri) {
    }

    /**
     * Stores version {@code version} by letting {@code writer} fill a fresh directory; the checkpoint
     * becomes visible atomically, complete or not at all.
     *
     * @return the URI that {@link #get(URI)} resolves
     */
    URI put(long version, CheckpointWriter writer) throws IOException;

    /** Stores a copy of the checkpoint directory {@code source}. */
    default URI put(long version, Path source) throws IOException {
        return put(version, dir -> CheckpointFiles.copyFlat(source, dir));
    }

    /** A local directory holding the checkpoint at {@code uri}. */
    Path get(URI uri) throws IOException;

    /** The highest stored version, if any. */
    Optional<Entry> latest() throws IOException;

    /** All stored versions, ascending. */
    List<Entry> list() throws IOException;

    /**
     * Deletes what interrupted puts left behind (a crash between creating a put's directory and
     * making it visible). For the store's one writer at start-up; none by default.
     *
     * @return what was deleted
     */
    default List<Path> removeStaleTemporaries() throws IOException {
        return List.of();
    }
}
