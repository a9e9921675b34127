package dev.progrs.models.prm;

import dev.progrs.models.checkpoint.CheckpointException;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.FileDigest;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PRM checkpoint directory in the policy's checkpoint format ({@link CheckpointManifest}):
 * {@code weights.params} (DJL block format) and {@code manifest.json} with kind {@value #KIND}, the
 * architecture, the tokenizer version and alphabet, the weights' SHA-256 and size, and in its
 * {@code training} map the quantile levels under {@value #QUANTILE_LEVELS_KEY} plus free-form
 * training metadata (command, seed, measured calibration).
 */
public final class PrmCheckpoint {

    public static final String KIND = "prm";
    public static final String WEIGHTS_FILE = "weights.params";
    /** Manifest {@code training} key of the quantile levels, e.g. {@code 0.1,0.5,0.9}. */
    public static final String QUANTILE_LEVELS_KEY = "quantileLevels";
    /** Manifest {@code training} key of what the head reads: {@code boundary} (absent: the same) or {@code boundary+surprise}. */
    public static final String HEAD_INPUT_KEY = "headInput";
    /** Manifest {@code training} key of the post-hoc quantile calibration ({@link QuantileRecalibration}); absent: none. */
    public static final String LOGIT_SHIFTS_KEY = "quantileLogitShifts";

    /** The calibration a manifest records. */
    static QuantileRecalibration recalibration(CheckpointManifest m, Path file) {
        try {
            return QuantileRecalibration.parse(m.training().get(LOGIT_SHIFTS_KEY));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " refused: training." + LOGIT_SHIFTS_KEY + ": " + e.getMessage(), e);
        }
    }

    private PrmCheckpoint() {
    }

    /** Writes {@code model} into {@code dir} (created if needed); returns the manifest. */
    public static CheckpointManifest save(PrmModel model, Path dir, Map<String, String> training) throws IOException {
        Files.createDirectories(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        try (OutputStream os = Files.newOutputStream(weights);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            model.saveParameters(out);
        }
        fsync(weights);
        Map<String, String> meta = new TreeMap<>(training);
        meta.put(QUANTILE_LEVELS_KEY, model.config().levelsText());
        meta.put(HEAD_INPUT_KEY, model.config().tokenSurprise() ? "boundary+surprise" : "boundary");
        if (!model.network().recalibration().isIdentity()) {
            meta.put(LOGIT_SHIFTS_KEY, model.network().recalibration().text());
        }
        CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION, KIND,
                model.config().architecture(), model.tokenizer().version(), model.tokenizer().alphabet(), 0L, WEIGHTS_FILE,
                FileDigest.sha256(weights), Files.size(weights), model.parameterCount(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), meta);
        Path manifestFile = dir.resolve(CheckpointManifest.FILE_NAME);
        manifest.write(manifestFile);
        fsync(manifestFile);
        return manifest;
    }

    /** Reads and checks the manifest of a PRM checkpoint (kind and quantile levels), not the weights. */
    public static CheckpointManifest readManifest(Path dir) {
        Path file = dir.resolve(CheckpointManifest.FILE_NAME);
        CheckpointManifest m = CheckpointManifest.read(file);
        if (!KIND.equals(m.kind())) {
            throw new CheckpointException("checkpoint " + file + " refused: kind expected " + KIND + ", actual " + m.kind());
        }
        config(m, file);
        return m;
    }

    /** The PRM configuration a manifest describes. */
    static PrmConfig config(CheckpointManifest m, Path file) {
        String levels = m.training().get(QUANTILE_LEVELS_KEY);
        if (levels == null) {
            throw new CheckpointException("checkpoint " + file + " refused: training." + QUANTILE_LEVELS_KEY + " is missing");
        }
        String headInput = m.training().getOrDefault(HEAD_INPUT_KEY, "boundary");
        if (!headInput.equals("boundary") && !headInput.equals("boundary+surprise")) {
            throw new CheckpointException("checkpoint " + file + " refused: training." + HEAD_INPUT_KEY + " = " + headInput
                    + "; accepted: boundary, boundary+surprise");
        }
        try {
            return new PrmConfig(m.architecture(), PrmConfig.parseLevels(levels), headInput.equals("boundary+surprise"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " refused: " + e.getMessage(), e);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
