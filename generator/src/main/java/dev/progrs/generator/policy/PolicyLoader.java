package dev.progrs.generator.policy;

import ai.djl.Device;
import dev.progrs.models.checkpoint.CheckpointException;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads the policy a {@link PolicyVersion} announces, through a {@link CheckpointStore}.
 *
 * <p>Refuses (with a {@link CheckpointException} naming version, URI, field, expected and actual
 * value) a checkpoint whose weights file lies outside its directory or does not have the
 * manifest's size and SHA-256 ({@link VerifiedCheckpoint}), whose checkpoint hash (manifest and
 * weights, {@link dev.progrs.models.checkpoint.CheckpointDigest}) differs from the announced
 * {@code sha256}, or whose manifest names another policy version. The loaded model carries the
 * announced version.
 */
public final class PolicyLoader {

    private final CheckpointStore store;
    private final Device device;

    public PolicyLoader(CheckpointStore store, Device device) {
        this.store = Objects.requireNonNull(store, "store");
        this.device = Objects.requireNonNull(device, "device");
    }

    /** The model of {@code announced}, verified. The caller owns (closes) it. */
    public PolicyModel load(PolicyVersion announced) {
        URI uri;
        try {
            uri = URI.create(announced.getCheckpointUri());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("policy version " + announced.getVersion() + ": checkpointUri '"
                    + announced.getCheckpointUri() + "' is not a URI: " + e.getMessage(), e);
        }
        Path dir;
        try {
            dir = store.get(uri);
        } catch (IOException e) {
            throw new CheckpointException("policy version " + announced.getVersion() + ": checkpoint " + uri
                    + " cannot be fetched from the store: " + e.getMessage(), e);
        }
        VerifiedCheckpoint checkpoint = VerifiedCheckpoint.of(dir);
        checkpoint.requireAnnounced(announced.getSha256(), "policy version " + announced.getVersion());
        CheckpointManifest m = checkpoint.manifest();
        if (m.policyVersion() != announced.getVersion()) {
            throw new CheckpointException("policy version " + announced.getVersion() + " refused: checkpoint " + uri
                    + " manifest says policyVersion " + m.policyVersion());
        }
        PolicyModel model = PolicyCheckpoint.load(checkpoint, device);
        model.setVersion(announced.getVersion());
        return model;
    }
}
