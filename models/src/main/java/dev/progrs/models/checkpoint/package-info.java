/**
 * Checkpoints: a directory with {@code weights.params} and {@code manifest.json}
 * ({@link dev.progrs.models.checkpoint.CheckpointManifest}); {@link dev.progrs.models.checkpoint.PolicyCheckpoint}
 * saves and loads a policy, refusing corrupt or mismatched files with a
 * {@link dev.progrs.models.checkpoint.CheckpointException}; {@link dev.progrs.models.checkpoint.CheckpointStore}
 * with the atomic {@link dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore}.
 */
package dev.progrs.models.checkpoint;
