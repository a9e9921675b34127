/**
 * Checkpoints: a directory with {@code weights.params} and {@code manifest.json}
 * ({@link dev.progrs.models.checkpoint.CheckpointManifest}); {@link dev.progrs.models.checkpoint.PolicyCheckpoint}
 * saves and loads a policy, refusing corrupt or mismatched files with a
 * {@link dev.progrs.models.checkpoint.CheckpointException}; {@link dev.progrs.models.checkpoint.CheckpointStore}
 * with the atomic {@link dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore}. Every loader goes through
 * {@link dev.progrs.models.checkpoint.VerifiedCheckpoint} (weights confined to their directory, size and SHA-256
 * checked) and compares an announcement with its {@link dev.progrs.models.checkpoint.CheckpointDigest checkpoint hash}.
 */
package dev.progrs.models.checkpoint;
