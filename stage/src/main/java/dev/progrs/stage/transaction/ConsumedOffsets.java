package dev.progrs.stage.transaction;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The offsets a batch of consumed records moves its partitions to, and where a retry rewinds them. */
public final class ConsumedOffsets {

    private ConsumedOffsets() {
    }

    /** Per partition, the offset after the last record of {@code consumed}: what the transaction commits. */
    public static Map<TopicPartition, OffsetAndMetadata> next(Collection<? extends ConsumerRecord<?, ?>> consumed) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (ConsumerRecord<?, ?> r : consumed) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            OffsetAndMetadata prev = out.get(tp);
            if (prev == null || prev.offset() < r.offset() + 1) {
                out.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return out;
    }

    /** Per partition, the offset of the first record of {@code consumed}: where a retry starts reading again. */
    public static Map<TopicPartition, Long> first(Collection<? extends ConsumerRecord<?, ?>> consumed) {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (ConsumerRecord<?, ?> r : consumed) {
            out.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        return out;
    }
}
