package dev.progrs.scorer.worker;

import org.apache.kafka.common.header.Headers;

/**
 * Headers the scorer adds to a {@code progrs.dlq} record; the record keeps the original key,
 * value and headers. The names are the ones the centering stream uses
 * ({@code dev.progrs.centering.topology.DeadLetterHeaders}), so one reader handles both stages.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, one line. */
    public static final String REASON = dev.progrs.schemas.deadletter.DeadLetters.REASON;
    /** Which stage rejected it: {@value #STAGE_SCORER}. */
    public static final String STAGE = dev.progrs.schemas.deadletter.DeadLetters.STAGE;
    public static final String SOURCE_TOPIC = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_TOPIC;
    public static final String SOURCE_PARTITION = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_PARTITION;
    public static final String SOURCE_OFFSET = dev.progrs.schemas.deadletter.DeadLetters.SOURCE_OFFSET;
    /** Id of the scorer worker that rejected it. */
    public static final String WORKER = "progrs.dlq.worker";
    public static final String STAGE_SCORER = "scorer";

    private DeadLetterHeaders() {
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        return dev.progrs.schemas.deadletter.DeadLetters.text(headers, key);
    }

    static void put(Headers headers, String key, String value) {
        dev.progrs.schemas.deadletter.DeadLetters.put(headers, key, value);
    }
}
