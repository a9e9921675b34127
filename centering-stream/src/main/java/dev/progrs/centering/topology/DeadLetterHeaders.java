package dev.progrs.centering.topology;

import org.apache.kafka.common.header.Headers;

/**
 * Header names on {@code progrs.dlq} records written by the centering stream. The record keeps the
 * original key, value and headers; these are added so that the reason can be read without decoding.
 */
public final class DeadLetterHeaders {

    /** Why the record was rejected, one human-readable line. */
    public static final String REASON = dev.progrs.stage.deadletter.DeadLetters.REASON;
    /** Which stage rejected it: {@value #STAGE_CENTERING} here. */
    public static final String STAGE = dev.progrs.stage.deadletter.DeadLetters.STAGE;
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = dev.progrs.stage.deadletter.DeadLetters.SOURCE_TOPIC;
    /** Partition the record was read from. */
    public static final String SOURCE_PARTITION = dev.progrs.stage.deadletter.DeadLetters.SOURCE_PARTITION;
    /** Offset the record was read at. */
    public static final String SOURCE_OFFSET = dev.progrs.stage.deadletter.DeadLetters.SOURCE_OFFSET;
    /** Class of the exception, when the rejection came from one (e.g. a decode failure). */
    public static final String EXCEPTION = dev.progrs.stage.deadletter.DeadLetters.EXCEPTION;
    /** The stage name of the centering stream. */
    public static final String STAGE_CENTERING = "centering";

    private DeadLetterHeaders() {
    }

    /** The UTF-8 text of the last header named {@code key}, or null. */
    public static String text(Headers headers, String key) {
        return dev.progrs.stage.deadletter.DeadLetters.text(headers, key);
    }

    static void put(Headers headers, String key, String value) {
        dev.progrs.stage.deadletter.DeadLetters.put(headers, key, value);
    }
}
