package dev.progrs.generator.worker;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records of the generator on {@code progrs.dlq}: the original key, value and headers
 * of the rejected prompt record, plus headers saying why (the same header names the centering
 * stream uses, so one reader understands every stage's dead letters).
 */
public final class DeadLetters {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = "progrs.dlq.reason";
    /** Which stage rejected it: {@value #STAGE_GENERATOR} here. */
    public static final String STAGE = "progrs.dlq.stage";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "progrs.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "progrs.dlq.source.partition";
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = "progrs.dlq.source.offset";
    /** Class of the exception behind the rejection. */
    public static final String EXCEPTION = "progrs.dlq.exception";
    /** Id of the generator worker that rejected it. */
    public static final String GENERATOR_ID = "progrs.dlq.generator";
    /** The stage name of the generator. */
    public static final String STAGE_GENERATOR = "generator";

    private DeadLetters() {
    }

    /** The dead letter of {@code rejected}, for {@code dlqTopic}. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> rejected, String dlqTopic, String reason,
                                                  Throwable cause, String generatorId) {
        Headers headers = new RecordHeaders();
        for (Header h : rejected.headers()) {
            headers.add(h);
        }
        put(headers, REASON, reason);
        put(headers, STAGE, STAGE_GENERATOR);
        put(headers, SOURCE_TOPIC, rejected.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(rejected.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(rejected.offset()));
        put(headers, GENERATOR_ID, generatorId);
        if (cause != null) {
            put(headers, EXCEPTION, cause.getClass().getName());
        }
        return new ProducerRecord<>(dlqTopic, null, rejected.key(), rejected.value(), headers);
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
