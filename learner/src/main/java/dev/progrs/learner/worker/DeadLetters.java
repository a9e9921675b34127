package dev.progrs.learner.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Dead letters of the learner on {@code progrs.dlq}: the original key, value and headers of the
 * rejected advantages record, plus the reason headers every stage uses (same names as the centering
 * stream and the generator).
 */
public final class DeadLetters {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = dev.progrs.schemas.deadletter.DeadLetters.REASON;
    /** Which stage rejected it: {@value #STAGE_LEARNER}. */
    public static final String STAGE = dev.progrs.schemas.deadletter.DeadLetters.STAGE;
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_TOPIC;
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_PARTITION;
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_OFFSET;
    /** Class of the exception behind the rejection, when there was one. */
    public static final String EXCEPTION = dev.progrs.schemas.deadletter.DeadLetters.EXCEPTION;
    /** The stage name of the learner. */
    public static final String STAGE_LEARNER = "learner";

    private DeadLetters() {
    }

    /** The dead letter of {@code rejected}, for {@code dlqTopic}. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> rejected, String dlqTopic, String reason, Throwable cause) {
        return dev.progrs.schemas.deadletter.DeadLetters.of(rejected, dlqTopic, STAGE_LEARNER, reason, cause);
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        return dev.progrs.schemas.deadletter.DeadLetters.text(headers, key);
    }

}
