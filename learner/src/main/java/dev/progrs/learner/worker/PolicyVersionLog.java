package dev.progrs.learner.worker;

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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the committed state of {@code progrs.policy}: the highest announced version. Reads every
 * partition from the beginning up to its end (read_committed: aborted announcements are invisible),
 * without a consumer group. Undecodable records are skipped with a warning: the learner decides
 * only from versions it can read. A record met while the schema registry is unavailable is read
 * again after a pause, for as long as the outage lasts: skipping it could make the learner announce
 * a version that exists already.
 */
public final class PolicyVersionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyVersionLog.class);
    private static final long REGISTRY_BACKOFF_MS = 1_000;

    private PolicyVersionLog() {
    }

    /** The highest committed version on {@code topic}, if any. */
    public static Optional<PolicyVersion> latest(Properties clientProperties, String topic, RecordDecoder<PolicyVersion> decoder,
                                                 Duration timeout) {
        return latest(clientProperties, topic, decoder, timeout, () -> false);
    }

    /**
     * The highest committed version on {@code topic}, if any.
     *
     * @param timeout  how long reading may go without progress (time spent waiting for the registry not counted)
     * @param stopping when it turns true while the registry is awaited, the read ends with a
     *                 {@link WakeupException}
     */
    public static Optional<PolicyVersion> latest(Properties clientProperties, String topic, RecordDecoder<PolicyVersion> decoder,
                                                 Duration timeout, BooleanSupplier stopping) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("policy topic " + topic + " does not exist; create the pipeline topics first (progrs topics)");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            PolicyVersion best = null;
            while (!reached(c, end)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within " + timeout);
                }
                Map<TopicPartition, Long> rewind = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!rewind.isEmpty()) {
                        rewind.putIfAbsent(tp, r.offset());
                        continue;
                    }
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        PolicyVersion v = decoder.decode(r);
                        if (best == null || v.getVersion() > best.getVersion()) {
                            best = v;
                        }
                    } catch (WireFormatException e) {
                        LOG.warn("skipping an undecodable policy record: {}", e.getMessage());
                    } catch (SchemaRegistryUnavailableException e) {
                        LOG.warn("policy record {}-{}@{} not read yet, waiting {} ms for the schema registry: {}", r.topic(),
                                r.partition(), r.offset(), REGISTRY_BACKOFF_MS, e.getMessage());
                        rewind.put(tp, r.offset());
                    }
                }
                if (!rewind.isEmpty()) {
                    rewind.forEach(c::seek);
                    pause(stopping);
                    deadline = System.currentTimeMillis() + timeout.toMillis();
                }
            }
            return Optional.ofNullable(best);
        }
    }

    private static void pause(BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new WakeupException();
        }
        try {
            Thread.sleep(REGISTRY_BACKOFF_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
