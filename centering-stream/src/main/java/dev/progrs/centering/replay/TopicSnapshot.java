package dev.progrs.centering.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every committed record of a topic that exists now (up to the end offsets taken at the start
 * of the read), without joining a consumer group, handing each decoded value to a callback: memory is
 * bounded by one fetch whatever the topic holds. Records that cannot be decoded are counted, not
 * thrown.
 */
final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /**
     * Reads {@code topic} from the beginning to its current end.
     *
     * @param client the cluster's consumer settings (bootstrap servers, SASL, TLS)
     *
     * @return how many records could not be decoded
     */
    static <T> int forEach(Map<String, Object> client, String topic, Deserializer<T> deserializer, Consumer<T> each,
                           Duration timeout) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        int bad = 0;
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (!done(consumer, end) && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    T v;
                    try {
                        v = deserializer.deserialize(topic, r.headers(), r.value());
                    } catch (RuntimeException e) {
                        bad++;
                        continue;
                    }
                    if (v != null) {
                        each.accept(v);
                    }
                }
            }
        }
        return bad;
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
