package dev.progrs.learner.worker;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead letters of the learner on {@code progrs.dlq}: the original key, value and headers of the
 * rejected advantages record, plus the reason headers every stage uses (same names as the centering
 * stream and the generator).
 */
public final class DeadLetters {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = "progrs.dlq.reason";
    /** Which stage rejected it: {@value #STAGE_LEARNER}. */
    public static final String STAGE = "progrs.dlq.stage";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "progrs.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "progrs.dlq.source.partition";
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = "progrs.dlq.source.offset";
    /** Class of the exception behind the rejection, when there was one. */
    public static final String EXCEPTION = "progrs.dlq.exception";
    /** The stage name of the learner. */
    public static final String STAGE_LEARNER = "learner";

    private DeadLetters() {
    }

    /** The dead letter of {@code rejected}, for {@code dlqTopic}. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> rejected, String dlqTopic, String reason, Throwable cause) {
        Headers headers = new RecordHeaders();
        for (Header h : rejected.headers()) {
            headers.add(h);
        }
        put(headers, REASON, reason);
        put(headers, STAGE, STAGE_LEARNER);
        put(headers, SOURCE_TOPIC, rejected.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(rejected.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(rejected.offset()));
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
