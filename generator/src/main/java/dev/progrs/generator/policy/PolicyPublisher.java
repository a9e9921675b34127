package dev.progrs.generator.policy;

import dev.progrs.models.checkpoint.CheckpointStore;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.VerifiedCheckpoint;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.PolicyVersion;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes a policy available to the generators: stores its checkpoint in the {@link CheckpointStore}
 * (atomically, as version {@code model.version()}), then announces a {@link PolicyVersion} with the
 * checkpoint's URI and checkpoint hash ({@link dev.progrs.models.checkpoint.CheckpointDigest}: manifest and weights)
 * on {@code progrs.policy} (key {@link Topics#POLICY_KEY}) and
 * waits for the broker's acknowledgement. The checkpoint is visible before the announcement, so a
 * generator never reads an announcement whose checkpoint is missing.
 */
public final class PolicyPublisher implements AutoCloseable {

    private final CheckpointStore store;
    private final KafkaProducer<String, PolicyVersion> producer;
    private final String topic;

    public PolicyPublisher(Properties clientProperties, SchemaRegistry registry, CheckpointStore store) {
        this(clientProperties, registry, store, Topics.POLICY);
    }

    public PolicyPublisher(Properties clientProperties, SchemaRegistry registry, CheckpointStore store, String topic) {
        this.store = store;
        this.topic = topic;
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(PolicyVersion.class, registry).serializer());
    }

    /**
     * Stores and announces {@code model} as version {@code model.version()}.
     *
     * @param parentVersion the version it was trained from, or null for a warm start
     * @param training      free-form metadata for the checkpoint manifest
     */
    public PolicyVersion publish(PolicyModel model, Long parentVersion, Map<String, String> training) throws IOException {
        long version = model.version();
        URI uri = store.put(version, dir -> PolicyCheckpoint.save(model, dir, training));
        Path dir = store.get(uri);
        PolicyVersion announced = PolicyVersion.newBuilder()
                .setVersion(version)
                .setCheckpointUri(uri.toString())
                .setSha256(VerifiedCheckpoint.of(dir).checkpointSha256())
                .setCreatedAtMs(System.currentTimeMillis())
                .setParentVersion(parentVersion)
                .build();
        announce(announced);
        return announced;
    }

    /** Announces an already stored checkpoint. */
    public void announce(PolicyVersion announced) {
        try {
            producer.send(new ProducerRecord<>(topic, Topics.POLICY_KEY, announced)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while announcing policy version " + announced.getVersion(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("policy version " + announced.getVersion() + " could not be announced on " + topic
                    + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
