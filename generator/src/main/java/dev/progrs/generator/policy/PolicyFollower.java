package dev.progrs.generator.policy;

import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.PolicyVersion;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails {@code progrs.policy} and remembers the highest announced {@link PolicyVersion}.
 *
 * <p>Reads every partition from the beginning without joining a consumer group (each follower needs
 * all versions; the topic is compacted, so the beginning is short), read_committed. A version lower
 * than one already seen is ignored, so a replayed or reordered announcement never moves a follower
 * back. Undecodable records are logged and counted, never fatal: the policy topic is written by the
 * learner only, and a follower must keep the last good version. A record met while the schema
 * registry is unavailable is not skipped: it is read again on the next poll. Not thread-safe except
 * {@link #wakeup()}.
 */
public final class PolicyFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyFollower.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder<PolicyVersion> decoder;
    private PolicyVersion latest;
    private long undecodable;
    private long registryUnavailable;

    /**
     * @param clientProperties bootstrap servers and any security settings; group and deserializer
     *                         settings are set here
     * @param topic            the policy topic, normally {@code Topics.POLICY}
     */
    public PolicyFollower(Properties clientProperties, String topic, SchemaRegistry registry, Duration metadataTimeout) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, metadataTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("policy topic " + topic + " does not exist on "
                        + p.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + "; create the pipeline topics first (progrs topics)");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.decoder = RecordDecoder.of(PolicyVersion.class, registry);
    }

    /**
     * Reads what has arrived, waiting at most {@code timeout}; returns the newest version known. When
     * the schema registry cannot be reached, the records not yet decoded are read again by the next
     * call (the follower keeps the last version it could decode meanwhile).
     */
    public Optional<PolicyVersion> poll(Duration timeout) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (!rewind.isEmpty()) {
                rewind.putIfAbsent(tp, r.offset()); // not decoded: read it again after the outage
                continue;
            }
            if (r.value() == null) {
                continue; // a tombstone of the compacted topic: nothing announced
            }
            try {
                PolicyVersion v = decoder.decode(r);
                if (latest == null || v.getVersion() > latest.getVersion()) {
                    latest = v;
                }
            } catch (WireFormatException e) {
                undecodable++;
                LOG.warn("skipping an undecodable policy announcement: {}", e.getMessage());
            } catch (SchemaRegistryUnavailableException e) {
                registryUnavailable++;
                rewind.put(tp, r.offset());
                LOG.warn("policy announcement at {}-{}@{} not read yet, the schema registry is unavailable: {}", r.topic(),
                        r.partition(), r.offset(), e.getMessage());
            }
        }
        rewind.forEach(consumer::seek);
        return latest();
    }

    /** The newest version read so far. */
    public Optional<PolicyVersion> latest() {
        return Optional.ofNullable(latest);
    }

    /** Times a policy record could not be read yet because the schema registry was unavailable. */
    public long registryUnavailable() {
        return registryUnavailable;
    }

    /** Number of policy records that could not be decoded. */
    public long undecodable() {
        return undecodable;
    }

    /** Makes a blocked {@link #poll} return by throwing {@code WakeupException}; any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
