package dev.progrs.learner.worker;

import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.PolicyVersion;
import java.time.Duration;
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
 * Reads the committed state of {@code progrs.policy}: the highest announced version. Reads every
 * partition from the beginning up to its end (read_committed: aborted announcements are invisible),
 * without a consumer group. Undecodable records are skipped with a warning: the learner decides
 * only from versions it can read.
 */
public final class PolicyVersionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyVersionLog.class);

    private PolicyVersionLog() {
    }

    /** The highest committed version on {@code topic}, if any. */
    public static Optional<PolicyVersion> latest(Properties clientProperties, String topic, RecordDecoder<PolicyVersion> decoder,
                                                 Duration timeout) {
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
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
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
                    }
                }
            }
            return Optional.ofNullable(best);
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
