package dev.progrs.models.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A checkpoint directory that passed the checks every loader needs before it reads a weight:
 * <ol>
 *   <li>{@code manifest.json} is a readable manifest;</li>
 *   <li>its {@code weightsFile} stays inside the directory: a relative name without {@code ..}
 *       whose real path (symbolic links followed) is inside the directory's real path; an absolute
 *       path, a {@code ..} or a link leading out is refused, so a manifest cannot borrow another
 *       checkpoint's weights;</li>
 *   <li>the weights file has the manifest's {@code weightsBytes} (a truncated or grown file is
 *       named with both sizes) and then its {@code weightsSha256};</li>
 * </ol>
 * and its {@link #checkpointSha256() checkpoint hash} ({@link CheckpointDigest}), which is what an
 * announcement must carry. Every refusal is a {@link CheckpointException} naming the file, the
 * field, the value found and what was expected.
 *
 * @param directory        the checkpoint directory
 * @param manifest         its manifest
 * @param weights          the weights file, inside {@code directory}
 * @param checkpointSha256 hash of manifest and weights ({@link CheckpointDigest})
 */
public record VerifiedCheckpoint(Path directory, CheckpointManifest manifest, Path weights, String checkpointSha256) {

    /** Reads and verifies the checkpoint in {@code dir}. */
    public static VerifiedCheckpoint of(Path dir) {
        Path manifestFile = dir.resolve(CheckpointManifest.FILE_NAME);
        byte[] manifestBytes = CheckpointManifest.readBytes(manifestFile);
        CheckpointManifest m = CheckpointManifest.parse(manifestBytes, manifestFile);
        Path weights = weightsFile(dir, m);
        String weightsSha = verifiedSha256(weights, m, manifestFile);
        return new VerifiedCheckpoint(dir, m, weights, CheckpointDigest.checkpointSha256(manifestBytes, weightsSha));
    }

    /**
     * Checks an announcement against this checkpoint.
     *
     * @param announced what the announcer gave as the checkpoint's {@code sha256}
     * @param announcer who announced it, for the message ({@code "progrs.policy version 7"})
     * @throws CheckpointException unless {@code announced} equals {@link #checkpointSha256()} (hex, any case)
     */
    public void requireAnnounced(String announced, String announcer) {
        if (announced != null && announced.equalsIgnoreCase(checkpointSha256)) {
            return;
        }
        boolean weightsOnly = announced != null && announced.equalsIgnoreCase(manifest.weightsSha256());
        throw new CheckpointException(announcer + " refused: checkpoint " + directory + " has checkpoint hash " + checkpointSha256
                + " (manifest and weights) but " + announcer + " announced " + announced
                + (weightsOnly ? "; that is the weights' own sha256, which announcements made before checkpoint hashes carried: "
                + "announce the version again with its checkpoint hash" : ""));
    }

    /**
     * The weights file {@code m} names, resolved inside {@code dir}.
     *
     * @throws CheckpointException when the name is empty, absolute, holds {@code ..}, or leads out
     *                             of {@code dir} through a symbolic link; or when the file is missing
     */
    public static Path weightsFile(Path dir, CheckpointManifest m) {
        Path manifestFile = dir.resolve(CheckpointManifest.FILE_NAME);
        String name = m.weightsFile();
        if (name.isBlank()) {
            throw refused(manifestFile, name, "is empty");
        }
        Path relative;
        try {
            relative = Path.of(name);
        } catch (InvalidPathException e) {
            throw refused(manifestFile, name, "is not a file name (" + e.getMessage() + ")");
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw refused(manifestFile, name, "is an absolute path");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw refused(manifestFile, name, "climbs out of the directory with '..'");
            }
        }
        Path base = dir.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw refused(manifestFile, name, "does not name a file inside " + base);
        }
        if (!Files.isRegularFile(resolved)) {
            throw new CheckpointException("checkpoint weights " + resolved + " do not exist (named by " + manifestFile + ")");
        }
        try {
            Path realBase = base.toRealPath();
            Path real = resolved.toRealPath();
            if (!real.startsWith(realBase)) {
                throw refused(manifestFile, name, "is a symbolic link to " + real + ", outside " + realBase);
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(manifestFile, name, "is not a regular file");
            }
        } catch (IOException e) {
            throw new CheckpointException("checkpoint weights " + resolved + " cannot be resolved: " + e.getMessage(), e);
        }
        return resolved;
    }

    /** Checks the size, then the SHA-256, of {@code weights} against {@code m}; returns the SHA-256. */
    static String verifiedSha256(Path weights, CheckpointManifest m, Path manifestFile) {
        try {
            long size = Files.size(weights);
            if (size != m.weightsBytes()) {
                throw new CheckpointException("checkpoint weights " + weights + " are " + (size < m.weightsBytes() ? "truncated" : "longer")
                        + ": size expected " + m.weightsBytes() + " bytes (weightsBytes in " + manifestFile + "), actual " + size);
            }
            String actual = FileDigest.sha256(weights);
            if (!actual.equals(m.weightsSha256())) {
                throw new CheckpointException("checkpoint weights " + weights + " are corrupt: sha256 expected " + m.weightsSha256()
                        + " (weightsSha256 in " + manifestFile + "), actual " + actual + "; size " + size + " bytes as expected");
            }
            return actual;
        } catch (IOException e) {
            throw new CheckpointException("checkpoint weights " + weights + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static CheckpointException refused(Path manifestFile, String name, String why) {
        return new CheckpointException("checkpoint " + manifestFile + " refused: weightsFile '" + name + "' " + why
                + "; expected the name of a file inside the checkpoint directory, such as " + PolicyCheckpoint.WEIGHTS_FILE);
    }
}
