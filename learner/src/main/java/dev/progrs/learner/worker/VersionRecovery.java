package dev.progrs.learner.worker;

import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's start-up: which version it continues from, after completing whatever a crash left
 * half-done. Runs after {@code initTransactions} has fenced any earlier incarnation:
 * <ol>
 *   <li>removes the temporaries a crashed checkpoint put left in the store (no put of ours is in
 *       flight any more);</li>
 *   <li>reads the highest committed version V from {@code progrs.policy}; with none, stores and
 *       announces the warm start;</li>
 *   <li>rolls forward a checkpoint V+1 found in the store: it exists only if the previous
 *       incarnation died between the checkpoint and the commit, and its manifest's
 *       {@link PendingVersion} holds exactly what that commit would have written, so the identical
 *       announcement and the recorded offsets are committed now instead of training the batch
 *       again.</li>
 * </ol>
 */
final class VersionRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(VersionRecovery.class);

    private final CheckpointStore store;
    private final Properties clientProperties;
    private final String policyTopic;
    private final RecordDecoder<PolicyVersion> decoder;
    private final Duration metadataTimeout;
    private final Path initCheckpoint;
    private final VersionPublisher publisher;
    private final LearnerStats stats;
    private final BooleanSupplier stopping;

    /**
     * @param initCheckpoint warm-start checkpoint announced when {@code progrs.policy} is empty (null: the store's first entry)
     * @param stopping       true once a stop was requested (ends a wait for the schema registry)
     */
    VersionRecovery(CheckpointStore store, Properties clientProperties, String policyTopic, RecordDecoder<PolicyVersion> decoder,
                    Duration metadataTimeout, Path initCheckpoint, VersionPublisher publisher, LearnerStats stats,
                    BooleanSupplier stopping) {
        this.store = store;
        this.clientProperties = clientProperties;
        this.policyTopic = policyTopic;
        this.decoder = decoder;
        this.metadataTimeout = metadataTimeout;
        this.initCheckpoint = initCheckpoint;
        this.publisher = publisher;
        this.stats = stats;
        this.stopping = stopping;
    }

    /** The newest announced version once every stored-but-unannounced checkpoint is announced. */
    PolicyVersion recover() {
        try {
            for (Path stale : store.removeStaleTemporaries()) {
                LOG.warn("learner: removed {}, left in the checkpoint store by a put that a crash interrupted", stale);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the checkpoint store: " + e.getMessage(), e);
        }
        PolicyVersion latest = PolicyVersionLog.latest(clientProperties, policyTopic, decoder, metadataTimeout, stopping)
                .orElseGet(this::announceInitial);
        try {
            for (CheckpointStore.Entry e : store.list()) {
                if (e.version() <= latest.getVersion()) {
                    continue;
                }
                latest = rollForward(latest, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint store: " + e.getMessage(), e);
        }
        return latest;
    }

    /** Completes the announcement of a checkpoint that was stored but whose transaction never committed. */
    private PolicyVersion rollForward(PolicyVersion latest, CheckpointStore.Entry entry) throws IOException {
        Path dir = store.get(entry.uri());
        CheckpointManifest m = CheckpointManifest.read(dir.resolve(CheckpointManifest.FILE_NAME));
        PendingVersion p = PendingVersion.fromManifest(m).orElseThrow(() -> new IllegalStateException("checkpoint store holds version "
                + entry.version() + " at " + entry.uri() + " beyond the announced version " + latest.getVersion()
                + ", but it was not written by the learner (no learner.* metadata); remove it or announce it"));
        if (entry.version() != latest.getVersion() + 1 || p.parentVersion() != latest.getVersion()) {
            throw new IllegalStateException("checkpoint store holds version " + entry.version() + " (parent " + p.parentVersion()
                    + ") but progrs.policy announces " + latest.getVersion() + "; only version " + (latest.getVersion() + 1)
                    + " with parent " + latest.getVersion() + " can be completed");
        }
        PolicyVersion announced = p.announcement(entry.uri(), VerifiedCheckpoint.of(dir).checkpointSha256());
        LOG.warn("learner: version {} was checkpointed but never announced (crash before commit); announcing it now with its "
                + "batch offsets {}", entry.version(), p.offsets());
        publisher.announce(announced, p.offsets());
        stats.countRollForward();
        return announced;
    }

    /** Stores and announces the warm start when {@code progrs.policy} holds no version. */
    private PolicyVersion announceInitial() {
        try {
            URI uri;
            if (initCheckpoint != null) {
                CheckpointManifest m = CheckpointManifest.read(initCheckpoint.resolve(CheckpointManifest.FILE_NAME));
                uri = store.put(m.policyVersion(), initCheckpoint);
            } else {
                List<CheckpointStore.Entry> all = store.list();
                if (all.isEmpty()) {
                    throw new IllegalStateException(policyTopic + " holds no policy version and the checkpoint store is "
                            + "empty; give the warm-start checkpoint (progrs learner --init-checkpoint DIR, made by progrs pretrain)");
                }
                uri = all.get(0).uri();
            }
            CheckpointManifest m = CheckpointManifest.read(store.get(uri).resolve(CheckpointManifest.FILE_NAME));
            if (PendingVersion.fromManifest(m).isPresent()) {
                throw new IllegalStateException(policyTopic + " holds no policy version but the store's first checkpoint "
                        + uri + " was trained by a learner; the policy topic was lost or the store belongs to another run");
            }
            PolicyVersion v = PolicyVersion.newBuilder().setVersion(m.policyVersion()).setCheckpointUri(uri.toString())
                    .setSha256(VerifiedCheckpoint.of(store.get(uri)).checkpointSha256()).setCreatedAtMs(System.currentTimeMillis())
                    .setParentVersion(null).setGroupsConsumed(0).setRolloutsConsumed(0).setMetrics(new HashMap<>()).build();
            publisher.announce(v, Map.of());
            LOG.info("learner: announced the initial policy version {} ({})", v.getVersion(), uri);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the initial checkpoint " + initCheckpoint + ": " + e.getMessage(), e);
        }
    }
}
