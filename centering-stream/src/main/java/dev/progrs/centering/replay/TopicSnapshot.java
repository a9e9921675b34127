package dev.progrs.centering.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every committed record of a topic that exists now (up to the end offsets taken at the start
 * of the read), without joining a consumer group. Records that cannot be decoded are counted, not
 * thrown.
 */
final class TopicSnapshot {

    /** What was read. */
    record Read<T>(List<T> values, int undecodable) {
    }

    private TopicSnapshot() {
    }

    /**
     * Reads {@code topic} from the beginning to its current end; {@code keep} maps each value to what
     * is retained (the replay report drops the per-token arrays, which it does not need and which
     * would not fit in memory for a million records).
     */
    static <T> Read<T> readAll(String bootstrapServers, String topic, Deserializer<T> deserializer, UnaryOperator<T> keep,
                               Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<T> values = new ArrayList<>();
        int bad = 0;
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return new Read<>(values, 0);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!done(consumer, end) && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        T v = deserializer.deserialize(topic, r.headers(), r.value());
                        if (v != null) {
                            values.add(keep.apply(v));
                        }
                    } catch (RuntimeException e) {
                        bad++;
                    }
                }
            }
        }
        return new Read<>(values, bad);
    }

    private static boolean done(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
