package dev.progrs.models.checkpoint;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Save and load a {@link PolicyModel} as a directory: {@code weights.params} (DJL block format)
 * plus {@code manifest.json} ({@link CheckpointManifest}).
 *
 * <p>Loading verifies, in order: the manifest is readable; the weights file it names lies inside
 * the directory, has the manifest's size and SHA-256 ({@link VerifiedCheckpoint}); the tokenizer
 * rebuilt from the manifest's alphabet has the manifest's tokenizer version; when the caller states
 * what it expects, the architecture and tokenizer version match; and the file holds every
 * parameter of the architecture. Any failure is a {@link CheckpointException} naming the file, the
 * field, the expected and the actual value.
 */
public final class PolicyCheckpoint {

    public static final String WEIGHTS_FILE = "weights.params";
    public static final String KIND = "policy";

    private PolicyCheckpoint() {
    }

    /**
     * Writes {@code model} into {@code dir} (created if needed), fsyncing both files.
     *
     * @param training free-form metadata recorded in the manifest
     * @return the manifest written
     */
    public static CheckpointManifest save(PolicyModel model, Path dir, Map<String, String> training) throws IOException {
        Files.createDirectories(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        try (OutputStream os = Files.newOutputStream(weights);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            model.saveParameters(out);
        }
        fsync(weights);
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, KIND, model.config(),
                model.tokenizer().version(), model.tokenizer().alphabet(), model.version(), WEIGHTS_FILE,
                FileDigest.sha256(weights), Files.size(weights), model.parameterCount(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), training);
        Path manifestFile = dir.resolve(CheckpointManifest.FILE_NAME);
        manifest.write(manifestFile);
        fsync(manifestFile);
        return manifest;
    }

    /** Loads and verifies a checkpoint whatever its architecture (the manifest decides). */
    public static PolicyModel load(Path dir, Device device) {
        return load(dir, device, null, null);
    }

    /**
     * Loads and verifies a checkpoint, refusing it unless its architecture and tokenizer equal the
     * expected ones (either may be null: not checked).
     */
    public static PolicyModel load(Path dir, Device device, TransformerConfig expectedArchitecture, CharTokenizer expectedTokenizer) {
        return load(VerifiedCheckpoint.of(dir), device, expectedArchitecture, expectedTokenizer);
    }

    /** Loads an already verified checkpoint (e.g. one whose {@link VerifiedCheckpoint#checkpointSha256()} was compared with an announcement). */
    public static PolicyModel load(VerifiedCheckpoint checkpoint, Device device) {
        return load(checkpoint, device, null, null);
    }

    private static PolicyModel load(VerifiedCheckpoint checkpoint, Device device, TransformerConfig expectedArchitecture,
                                    CharTokenizer expectedTokenizer) {
        Path manifestFile = checkpoint.directory().resolve(CheckpointManifest.FILE_NAME);
        CheckpointManifest m = checkpoint.manifest();
        if (!KIND.equals(m.kind())) {
            throw mismatch(manifestFile, "kind", KIND, m.kind());
        }
        Path weights = checkpoint.weights();
        CharTokenizer tokenizer = new CharTokenizer(m.tokenizerAlphabet());
        if (!tokenizer.version().equals(m.tokenizerVersion())) {
            throw mismatch(manifestFile, "tokenizerVersion (rebuilt from tokenizerAlphabet)", m.tokenizerVersion(), tokenizer.version());
        }
        if (expectedTokenizer != null && !expectedTokenizer.version().equals(m.tokenizerVersion())) {
            throw mismatch(manifestFile, "tokenizerVersion", expectedTokenizer.version(), m.tokenizerVersion());
        }
        if (expectedArchitecture != null && !expectedArchitecture.equals(m.architecture())) {
            throw mismatch(manifestFile, "architecture", expectedArchitecture.toString(), m.architecture().toString());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
            PolicyModel model = PolicyModel.fromParameters(m.architecture(), tokenizer, device, m.policyVersion(), in);
            if (model.parameterCount() != m.parameterCount()) {
                model.close();
                throw mismatch(manifestFile, "parameterCount", Long.toString(m.parameterCount()), Long.toString(model.parameterCount()));
            }
            return model;
        } catch (EOFException e) {
            throw new CheckpointException("checkpoint weights " + weights + " end before every parameter of architecture "
                    + m.architecture() + " was read: the file's " + m.weightsBytes() + " bytes match the manifest's size and sha256, "
                    + "but parameterCount " + m.parameterCount() + " needs more (saved truncated, or the manifest names another "
                    + "architecture)", e);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException("checkpoint weights " + weights + " could not be loaded for architecture "
                    + m.architecture() + ": " + e, e);
        }
    }

    /**
     * Checks that the weights file {@code m} names lies inside {@code dir} and has the manifest's
     * size and SHA-256 ({@link VerifiedCheckpoint}); returns its path.
     */
    public static Path verifyWeights(Path dir, CheckpointManifest m) {
        Path weights = VerifiedCheckpoint.weightsFile(dir, m);
        VerifiedCheckpoint.verifiedSha256(weights, m, dir.resolve(CheckpointManifest.FILE_NAME));
        return weights;
    }

    private static CheckpointException mismatch(Path file, String field, String expected, String actual) {
        return new CheckpointException("checkpoint " + file + " refused: " + field + " expected " + expected + ", actual " + actual);
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
