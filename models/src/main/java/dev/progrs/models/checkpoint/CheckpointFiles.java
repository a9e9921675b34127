package dev.progrs.models.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** File operations on checkpoint directories (flat: files only, no sub-directories). */
final class CheckpointFiles {

    private CheckpointFiles() {
    }

    static void copyFlat(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new CheckpointException("checkpoint source " + source + " is not a directory");
        }
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteFlat(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Deletes {@code dir} and everything below it; symbolic links are deleted, never followed. */
    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
                    throws IOException {
                Files.delete(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    static void fsyncAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    PolicyCheckpoint.fsync(f);
                }
            }
        }
        fsyncDirectory(dir);
    }

    /** Flushes a directory entry (best effort: not every platform allows opening a directory). */
    static void fsyncDirectory(Path dir) {
        try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Directory fsync is unsupported on some file systems; the rename is still atomic.
        }
    }

    static boolean sameContents(Path a, Path b) throws IOException {
        try (Stream<Path> fa = Files.list(a); Stream<Path> fb = Files.list(b)) {
            var na = fa.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            var nb = fb.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            if (!na.equals(nb)) {
                return false;
            }
            for (String name : na) {
                if (name.equals(CheckpointManifest.FILE_NAME)) {
                    continue; // createdAt differs between two saves of the same weights
                }
                if (!FileDigest.sha256(a.resolve(name)).equals(FileDigest.sha256(b.resolve(name)))) {
                    return false;
                }
            }
            return true;
        }
    }
}
