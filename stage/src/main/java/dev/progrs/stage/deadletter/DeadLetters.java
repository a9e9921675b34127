package dev.progrs.stage.deadletter;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter convention every stage follows on {@code progrs.dlq}: the rejected record keeps
 * its original key, value and headers, and gains the headers below, so one reader understands
 * every stage's dead letters without decoding them.
 */
public final class DeadLetters {
    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = "progrs.dlq.reason";
    /** Which stage rejected it (generator, scorer, centering, learner). */
    public static final String STAGE = "progrs.dlq.stage";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "progrs.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "progrs.dlq.source.partition";
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = "progrs.dlq.source.offset";
    /** Class of the exception behind the rejection, when there was one. */
    public static final String EXCEPTION = "progrs.dlq.exception";
    /**
     * {@code "true"} on a dead letter that carries an empty value because the stage no longer held the
     * original bytes (a sample the centering stream had buffered and then discarded): the source headers
     * name the original record, which is still on its topic.
     */
    public static final String BY_REFERENCE = "progrs.dlq.by-reference";
    /** Id of the generator worker that rejected it (generator dead letters only). */
    public static final String GENERATOR_ID = "progrs.dlq.generator";
    /** Id of the scorer worker that rejected it (scorer dead letters only). */
    public static final String SCORER_ID = "progrs.dlq.worker";

    /** {@link #STAGE} of the generator's dead letters. */
    public static final String STAGE_GENERATOR = "generator";
    /** {@link #STAGE} of the scorer's dead letters. */
    public static final String STAGE_SCORER = "scorer";
    /** {@link #STAGE} of the centering stream's dead letters. */
    public static final String STAGE_CENTERING = "centering";
    /** {@link #STAGE} of the learner's dead letters. */
    public static final String STAGE_LEARNER = "learner";

    private DeadLetters() {
    }

    /** The dead letter of {@code rejected} for {@code dlqTopic}, rejected by {@code stage}. */
    public static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> rejected, String dlqTopic, String stage,
                                                  String reason, Throwable cause) {
        Headers headers = new RecordHeaders();
        for (Header h : rejected.headers()) {
            headers.add(h);
        }
        describe(headers, stage, reason, rejected.topic(), rejected.partition(), rejected.offset(), cause);
        return new ProducerRecord<>(dlqTopic, null, rejected.key(), rejected.value(), headers);
    }

    /** Adds (replacing) the reason, stage, source and exception headers. */
    public static void describe(Headers headers, String stage, String reason, String topic, int partition, long offset, Throwable cause) {
        put(headers, REASON, reason);
        put(headers, STAGE, stage);
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        if (cause != null) {
            put(headers, EXCEPTION, cause.getClass().getName());
        }
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Sets header {@code key} to the UTF-8 bytes of {@code value}, replacing earlier ones of that name. */
    public static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
