package dev.progrs.stage.transaction;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka transaction of a stage: begin, the body's sends, the consumed offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata, so an instance that lost its
 * partitions in a rebalance cannot commit), commit. Either everything becomes visible to
 * read_committed consumers or nothing does.
 *
 * <p>On failure, by {@link FailureKind}: {@link FailureKind#FATAL} is rethrown as an
 * {@link IllegalStateException} naming the stage (nothing can be aborted); {@link FailureKind#CRASH}
 * is rethrown untouched, the transaction left open for the broker to abort; anything else aborts
 * the transaction and is rethrown, for the caller (normally a {@link BatchRetry}) to retry or stop.
 * Used on the stage's thread only.
 */
public final class StageTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(StageTransactions.class);

    /** The sends of one transaction. */
    @FunctionalInterface
    public interface Body {
        void send(Producer<byte[], byte[]> producer);
    }

    private final String stage;
    private final Producer<byte[], byte[]> producer;
    private final String fencedHint;

    /**
     * @param stage      the stage instance's name in messages
     * @param producer   a transactional producer, {@code initTransactions()} done by the caller
     * @param fencedHint appended to the message when the producer was fenced (how to give each instance its own id)
     */
    public StageTransactions(String stage, Producer<byte[], byte[]> producer, String fencedHint) {
        this.stage = stage;
        this.producer = producer;
        this.fencedHint = fencedHint;
    }

    /** A transaction of sends only, no consumed offsets (e.g. dead letters of their own). */
    public void commit(Body body) {
        commit(body, Map.of(), null, () -> { });
    }

    /** A transaction of sends and the offsets they were made from. */
    public void commit(Body body, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        commit(body, offsets, group, () -> { });
    }

    /**
     * @param offsets      consumed offsets to commit with the sends (none: empty)
     * @param group        the consumer's group metadata (ignored when {@code offsets} is empty)
     * @param beforeCommit runs with everything in the open transaction, just before the commit (test hooks)
     */
    public void commit(Body body, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                       Runnable beforeCommit) {
        try {
            producer.beginTransaction();
            body.send(producer);
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            beforeCommit.run();
            producer.commitTransaction();
        } catch (RuntimeException e) {
            switch (FailureKind.of(e)) {
                case CRASH -> throw e;
                case FATAL -> throw new IllegalStateException(stage + " cannot continue: " + e
                        + (e instanceof org.apache.kafka.common.errors.ProducerFencedException ? " (" + fencedHint + ")" : ""), e);
                default -> {
                    abortQuietly();
                    throw e;
                }
            }
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            LOG.warn("{}: abort failed: {}", stage, e.toString());
        }
    }
}
