package dev.progrs.scorer.worker;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Headers the scorer adds to a {@code progrs.dlq} record; the record keeps the original key,
 * value and headers. The names are the ones the centering stream uses
 * ({@code dev.progrs.centering.topology.DeadLetterHeaders}), so one reader handles both stages.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, one line. */
    public static final String REASON = "progrs.dlq.reason";
    /** Which stage rejected it: {@value #STAGE_SCORER}. */
    public static final String STAGE = "progrs.dlq.stage";
    public static final String SOURCE_TOPIC = "progrs.dlq.source.topic";
    public static final String SOURCE_PARTITION = "progrs.dlq.source.partition";
    public static final String SOURCE_OFFSET = "progrs.dlq.source.offset";
    /** Id of the scorer worker that rejected it. */
    public static final String WORKER = "progrs.dlq.worker";
    public static final String STAGE_SCORER = "scorer";

    private DeadLetterHeaders() {
    }

    /** UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        var h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
