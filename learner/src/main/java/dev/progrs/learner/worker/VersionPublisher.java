package dev.progrs.learner.worker;

import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.stage.transaction.StageTransactions;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the learner makes a version public, in the order crash safety needs: first the checkpoint,
 * durable in the {@link CheckpointStore} ({@link #checkpoint}); then one transaction holding the
 * {@link PolicyVersion} announcement (key {@link Topics#POLICY_KEY}) and the offsets of the batch it
 * was trained on ({@link #announce}). The announcement is encoded before the transaction begins, so
 * waiting for a schema registry that cannot answer never leaves a transaction open. Used on the
 * learner thread.
 */
final class VersionPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(VersionPublisher.class);

    /**
     * A stored checkpoint.
     *
     * @param uri              where the store keeps it
     * @param checkpointSha256 its checkpoint hash (manifest and weights), announced with it
     */
    record Stored(URI uri, String checkpointSha256) {
    }

    private final String policyTopic;
    private final CheckpointStore store;
    private final Serializer<PolicyVersion> serializer;
    private final StageTransactions transactions;
    private final Supplier<ConsumerGroupMetadata> group;
    private final Runnable registryPause;
    private final Supplier<LearnerHook> hook;

    /**
     * @param group         the learner consumer's group metadata, for the offsets
     * @param registryPause waits before the registry is asked again (ends the run, by a wake-up, when a stop was requested)
     * @param hook          the installed hook, told just before each commit
     */
    VersionPublisher(String policyTopic, CheckpointStore store, Serializer<PolicyVersion> serializer, StageTransactions transactions,
                     Supplier<ConsumerGroupMetadata> group, Runnable registryPause, Supplier<LearnerHook> hook) {
        this.policyTopic = policyTopic;
        this.store = store;
        this.serializer = serializer;
        this.transactions = transactions;
        this.group = group;
        this.registryPause = registryPause;
        this.hook = hook;
    }

    /** Stores {@code model} as {@code version} (atomic, fsynced), with {@code metadata} in its manifest. */
    Stored checkpoint(PolicyModel model, long version, Map<String, String> metadata) {
        try {
            URI uri = store.put(version, dir -> PolicyCheckpoint.save(model, dir, metadata));
            return new Stored(uri, VerifiedCheckpoint.of(store.get(uri)).checkpointSha256());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store policy version " + version + ": " + e.getMessage(), e);
        }
    }

    /** One transaction: the announcement and (if any) the offsets it covers, each offset tagged with the version. */
    void announce(PolicyVersion announced, Map<TopicPartition, Long> offsets) {
        byte[] value = encode(announced);
        Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
        offsets.forEach((tp, off) -> o.put(tp, new OffsetAndMetadata(off, "policy-version=" + announced.getVersion())));
        byte[] key = Topics.POLICY_KEY.getBytes(StandardCharsets.UTF_8);
        transactions.commit(tx -> tx.send(new ProducerRecord<>(policyTopic, key, value)), o, group.get(),
                () -> hook.get().beforeCommit(announced.getVersion()));
    }

    /**
     * The announcement's wire bytes, waiting as long as the schema registry cannot answer. A stop
     * requested meanwhile ends the run; the checkpoint already stored is then announced by the next
     * start (roll forward), so no version is lost.
     */
    private byte[] encode(PolicyVersion announced) {
        while (true) {
            try {
                return serializer.serialize(policyTopic, announced);
            } catch (SchemaRegistryUnavailableException e) {
                LOG.warn("learner: cannot encode the announcement of version {} yet, the schema registry is unavailable;"
                        + " retrying: {}", announced.getVersion(), e.getMessage());
                registryPause.run();
            }
        }
    }
}
