package dev.progrs.generator.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Dead-letter records of the generator on {@code progrs.dlq}: the original key, value and headers
 * of the rejected prompt record, plus headers saying why (the same header names the centering
 * stream uses, so one reader understands every stage's dead letters).
 */
public final class DeadLetters {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = dev.progrs.schemas.deadletter.DeadLetters.REASON;
    /** Which stage rejected it: {@value #STAGE_GENERATOR} here. */
    public static final String STAGE = dev.progrs.schemas.deadletter.DeadLetters.STAGE;
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_TOPIC;
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_PARTITION;
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_OFFSET;
    /** Class of the exception behind the rejection. */
    public static final String EXCEPTION = dev.progrs.schemas.deadletter.DeadLetters.EXCEPTION;
    /** Id of the generator worker that rejected it. */
    public static final String GENERATOR_ID = "progrs.dlq.generator";
    /** The stage name of the generator. */
    public static final String STAGE_GENERATOR = "generator";

    private DeadLetters() {
    }

    /** The dead letter of {@code rejected}, for {@code dlqTopic}. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> rejected, String dlqTopic, String reason,
                                                  Throwable cause, String generatorId) {
        ProducerRecord<byte[], byte[]> record = dev.progrs.schemas.deadletter.DeadLetters.of(rejected, dlqTopic, STAGE_GENERATOR, reason, cause);
        dev.progrs.schemas.deadletter.DeadLetters.put(record.headers(), GENERATOR_ID, generatorId);
        return record;
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        return dev.progrs.schemas.deadletter.DeadLetters.text(headers, key);
    }

}
