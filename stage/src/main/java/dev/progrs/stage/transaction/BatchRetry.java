package dev.progrs.stage.transaction;

import dev.progrs.stage.lifecycle.StageLifecycle;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt at a consumed batch and, when it fails in a way worth retrying
 * ({@link FailureKind#retried()}: a Kafka error, a schema registry that cannot answer), rewinds the
 * consumer to the batch's first records and backs off, so the next poll returns the batch again.
 * Exactly once follows from the attempt's transaction ({@link StageTransactions}): an aborted attempt
 * leaves nothing visible and commits no offset. Any other failure is rethrown: the stage stops.
 * Used on the stage's thread only.
 */
public final class BatchRetry {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRetry.class);

    /** Told about each retried attempt, before the back-off (counters, buffers to drop). */
    @FunctionalInterface
    public interface Listener {
        void retrying(FailureKind kind, RuntimeException cause);

        /** Does nothing. */
        Listener NONE = (kind, cause) -> { };
    }

    private final StageLifecycle lifecycle;
    private final Consumer<?, ?> consumer;
    private final RetryBackOff backOff;

    /**
     * @param lifecycle the stage's lifecycle: a stop request cuts the back-off short
     * @param consumer  the consumer the batch was read with
     */
    public BatchRetry(StageLifecycle lifecycle, Consumer<?, ?> consumer, RetryBackOff backOff) {
        this.lifecycle = lifecycle;
        this.consumer = consumer;
        this.backOff = backOff;
    }

    /**
     * Runs {@code attempt}.
     *
     * @param consumed the records to read again if the attempt is retried (the batch, and any read ahead of it)
     * @return true if the attempt completed, false if it failed, was rewound and will come again
     */
    public boolean attempt(Collection<? extends ConsumerRecord<?, ?>> consumed, Runnable attempt, Listener listener) {
        try {
            attempt.run();
            return true;
        } catch (RuntimeException e) {
            FailureKind kind = FailureKind.of(e);
            if (!kind.retried()) {
                throw e;
            }
            Duration pause = backOff.after(kind);
            LOG.warn("{}: batch of {} records not committed ({}: {}); rewound, retrying in {} ms", lifecycle.stage(), consumed.size(),
                    kind == FailureKind.REGISTRY_UNAVAILABLE ? "the schema registry is unavailable" : "Kafka error", e.toString(),
                    pause.toMillis());
            rewind(ConsumedOffsets.first(consumed));
            listener.retrying(kind, e);
            lifecycle.pause(pause);
            return false;
        }
    }

    private void rewind(Map<TopicPartition, Long> first) {
        Set<TopicPartition> assigned = consumer.assignment();
        first.forEach((tp, offset) -> {
            if (assigned.contains(tp)) {
                consumer.seek(tp, offset);
            }
        });
    }
}
