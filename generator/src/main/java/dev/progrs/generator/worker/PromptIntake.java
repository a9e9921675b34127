package dev.progrs.generator.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a generator takes prompts from {@code progrs.prompts}: polls in its consumer group into a
 * read-ahead buffer, hands out batches of at most the gate's capacity (lingering briefly to fill
 * one, since records of several partitions arrive in separate fetches), and pauses every partition
 * while the policy gate is closed, still polling so the worker stays in its group. Records of
 * partitions lost in a rebalance leave the buffer: their new owner reads them from the committed
 * offset. Used on the worker thread, except {@link #wakeup()}.
 */
final class PromptIntake {

    private static final Logger LOG = LoggerFactory.getLogger(PromptIntake.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final String generatorId;
    private final Deque<ConsumerRecord<byte[], byte[]>> readAhead = new ArrayDeque<>();
    private final Set<TopicPartition> paused = new HashSet<>();

    PromptIntake(KafkaConsumer<byte[], byte[]> consumer, String topic, String generatorId) {
        this.consumer = consumer;
        this.topic = topic;
        this.generatorId = generatorId;
    }

    /** Joins the consumer group on the prompt topic. */
    void subscribe() {
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /** Gate closed: pauses every assigned partition and polls without waiting, to stay in the group. */
    void hold() {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        paused.addAll(assigned);
        buffer(consumer.poll(Duration.ZERO)); // paused partitions return nothing
    }

    /**
     * The next batch: at most {@code capacity} prompt records, empty when none arrives within
     * {@code pollTimeout}. Resumes paused partitions first.
     *
     * @param linger  once a record is there, how long to keep polling to fill the batch
     * @param running polled while lingering; false ends the linger
     */
    List<ConsumerRecord<byte[], byte[]>> take(int capacity, Duration pollTimeout, Duration linger, BooleanSupplier running) {
        resume();
        if (readAhead.isEmpty()) {
            buffer(consumer.poll(pollTimeout));
        }
        if (readAhead.isEmpty()) {
            return List.of();
        }
        long lingerEnd = System.nanoTime() + linger.toNanos();
        while (readAhead.size() < capacity && System.nanoTime() < lingerEnd && running.getAsBoolean()) {
            buffer(consumer.poll(Duration.ofNanos(Math.max(0, lingerEnd - System.nanoTime()))));
        }
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(capacity);
        while (batch.size() < capacity && !readAhead.isEmpty()) {
            batch.add(readAhead.poll());
        }
        return batch;
    }

    /** The records read but not handed out yet (a retried batch rewinds over them too). */
    List<ConsumerRecord<byte[], byte[]>> readAhead() {
        return List.copyOf(readAhead);
    }

    /** Forgets the read-ahead after a rewind: the consumer returns those records again. */
    void dropReadAhead() {
        readAhead.clear();
    }

    /** The consumer's group metadata, for the transaction's offsets. */
    ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    /** Makes a blocked poll return by throwing {@code WakeupException}; any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    private void resume() {
        if (!paused.isEmpty()) {
            paused.retainAll(consumer.assignment());
            consumer.resume(paused);
            paused.clear();
        }
    }

    private void buffer(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            readAhead.add(r);
        }
    }

    /** Drops buffered records of partitions this worker no longer owns; their new owner reads them from the committed offset. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("generator {}: assigned {}", generatorId, partitions);
        }

        private void drop(Collection<TopicPartition> partitions) {
            readAhead.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            paused.removeAll(partitions);
        }
    }
}
