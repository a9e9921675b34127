package dev.progrs.models.prm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.progrs.models.checkpoint.CheckpointException;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.tokenizer.CharTokenizer;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A trained PRM loaded read-only for scoring (docs/method.md §1: frozen, never updated).
 *
 * <p>{@link #load} reads the weights file once, hashes exactly the bytes it loads and refuses them
 * unless the SHA-256 equals the manifest's; {@link #sha256()} is that hash and goes on every scored
 * record. There is no trainer, no gradient and no access to the network or its parameters; the only
 * computation is {@link #score}. {@link #currentWeightsSha256()} re-serialises the weights in memory
 * so a caller can prove they were not changed. Not thread-safe: one instance per scoring thread.
 */
public final class FrozenPrm implements ProcessRewardModel {

    private final Model model;
    private final PrmNetwork network;
    private final CharTokenizer tokenizer;
    private final CheckpointManifest manifest;
    private final String sha256;
    private String name;

    private FrozenPrm(Model model, PrmNetwork network, CharTokenizer tokenizer, CheckpointManifest manifest, String sha256) {
        this.model = model;
        this.network = network;
        this.tokenizer = tokenizer;
        this.manifest = manifest;
        this.sha256 = sha256;
        this.name = "prm";
    }

    /** The checkpoint directory's name (e.g. {@code prm-v1}). */
    @Override
    public String name() {
        return name;
    }

    /**
     * Loads a PRM checkpoint directory and verifies it.
     *
     * @throws CheckpointException when the manifest is missing or not a PRM's, the weights' SHA-256
     *                             differs from the manifest's, or the tokenizer cannot be rebuilt
     */
    public static FrozenPrm load(Path dir, Device device) {
        CheckpointManifest m = PrmCheckpoint.readManifest(dir);
        Path manifestFile = dir.resolve(CheckpointManifest.FILE_NAME);
        PrmConfig config = PrmCheckpoint.config(m, manifestFile);
        QuantileRecalibration recalibration = PrmCheckpoint.recalibration(m, manifestFile);
        Path weights = VerifiedCheckpoint.weightsFile(dir, m); // inside dir: no absolute path, '..' or escaping link
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(weights);
        } catch (IOException e) {
            throw new CheckpointException("PRM weights " + weights + " cannot be read: " + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(m.weightsSha256())) {
            throw new CheckpointException("PRM weights " + weights + " refused: sha256 expected " + m.weightsSha256()
                    + " (manifest), actual " + actual + "; size expected " + m.weightsBytes() + " bytes, actual " + bytes.length);
        }
        CharTokenizer tokenizer = new CharTokenizer(m.tokenizerAlphabet());
        if (!tokenizer.version().equals(m.tokenizerVersion())) {
            throw new CheckpointException("checkpoint " + manifestFile + " refused: tokenizerVersion expected "
                    + m.tokenizerVersion() + ", rebuilt from tokenizerAlphabet " + tokenizer.version());
        }
        PrmModel.checkVocab(config, tokenizer);
        Model model = Model.newInstance("prm-frozen", device, "PyTorch");
        try {
            PrmNetwork net = new PrmNetwork(config);
            model.setBlock(net);
            net.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(bytes)));
            net.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
            net.setRecalibration(recalibration);
            FrozenPrm prm = new FrozenPrm(model, net, tokenizer, m, actual);
            Path fileName = dir.toAbsolutePath().normalize().getFileName();
            prm.name = fileName == null ? "prm" : fileName.toString();
            return prm;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new CheckpointException("PRM weights " + weights + " could not be loaded for architecture "
                    + config.architecture() + ": " + e, e);
        }
    }

    /**
     * Q_τ,t for every step of every sequence, all in one forward pass (padded batch, causal mask).
     *
     * @return per sequence: [T][K], levels in the order of {@link #quantileLevels()}
     * @throws IllegalArgumentException when a sequence is longer than {@link #context()} or holds an id outside the vocabulary
     */
    @Override
    public List<double[][]> score(List<PrmSequence> sequences) {
        checkIds(sequences, 0);
        return PrmScoring.score(network, model.getNDManager(), sequences);
    }

    /**
     * {@link #score} with each group's prefix (its prompt) run through the network once and its keys
     * and values reused by every sequence of the group (see {@link PrmNetwork}'s
     * {@code quantilesAfterPrefix}); all groups in one pass.
     */
    @Override
    public List<double[][]> scoreGroups(List<PrmGroup> groups) {
        int row = 0;
        for (PrmGroup g : groups) {
            checkIds(g.sequences(), row);
            row += g.size();
        }
        return PrmScoring.scoreGroups(network, model.getNDManager(), groups);
    }

    private void checkIds(List<PrmSequence> sequences, int firstIndex) {
        int vocab = network.config().architecture().vocabSize();
        for (int r = 0; r < sequences.size(); r++) {
            for (int id : sequences.get(r).tokenIds()) {
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("sequence " + (firstIndex + r) + " holds token id " + id
                            + " outside the PRM vocabulary [0, " + vocab + ") of tokenizer " + tokenizer.version());
                }
            }
        }
    }

    /** SHA-256 (hex) of the weights file, verified at load. */
    public String sha256() {
        return sha256;
    }

    /** SHA-256 of the weights as they are in memory now, serialised in the checkpoint format. */
    @Override
    public String currentWeightsSha256() {
        MessageDigest md = digest();
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), md))) {
            network.saveParameters(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise PRM weights: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** τ, ascending. */
    public double[] quantileLevels() {
        return network.config().levels();
    }

    public CharTokenizer tokenizer() {
        return tokenizer;
    }

    /** Longest sequence the PRM reads. */
    public int context() {
        return network.config().architecture().context();
    }

    public CheckpointManifest manifest() {
        return manifest;
    }

    @Override
    public void close() {
        model.close();
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
