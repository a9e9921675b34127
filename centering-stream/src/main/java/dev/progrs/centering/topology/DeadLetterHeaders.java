package dev.progrs.centering.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@code progrs.dlq} records written by the centering stream. The record keeps the
 * original key, value and headers; these are added so that the reason can be read without decoding.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = "progrs.dlq.reason";
    /** Which stage rejected it: {@value #STAGE_CENTERING} here. */
    public static final String STAGE = "progrs.dlq.stage";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "progrs.dlq.source.topic";
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = "progrs.dlq.source.partition";
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = "progrs.dlq.source.offset";
    /** Class of the exception, when the rejection came from one (e.g. a decode failure). */
    public static final String EXCEPTION = "progrs.dlq.exception";
    /** The stage name of the centering stream. */
    public static final String STAGE_CENTERING = "centering";

    private DeadLetterHeaders() {
    }

    /** @return the UTF-8 text of the last header named {@code key}, or null */
    public static String text(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
