package dev.progrs.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a decodable Confluent-wire-format Avro record: too short, too long, a wrong
 * magic byte, a schema id the registry does not know, a writer schema the target type cannot read,
 * or an Avro body that does not decode. Such a record is poison: retrying will not help, so workers
 * send its original bytes to the DLQ with {@link #problem()} and {@link #getMessage()} as the
 * reason. Registry outages are not this exception: they are
 * {@link dev.progrs.schemas.registry.SchemaRegistryUnavailableException} (retry the same records
 * later, never dead-letter them); any other
 * {@link dev.progrs.schemas.registry.SchemaRegistryException} (a 4xx reply: wrong URL, no access)
 * is a configuration problem that stops the worker with the registry's URL and status.
 *
 * <p>Thrown by the deserializers without a position (Kafka's {@code Deserializer} does not know
 * it); {@link RecordDecoder} rethrows it {@link #located located} with topic, partition and offset.
 */
public class WireFormatException extends SerializationException {
    /** What was wrong with the bytes. */
    public enum Problem {
        /** A null value where a record was required (a tombstone). */
        NULL_VALUE,
        /** Fewer than 5 bytes: no room for the magic byte and the schema id. */
        TRUNCATED,
        /** The first byte is not the wire format's magic byte 0. */
        UNKNOWN_MAGIC_BYTE,
        /** The registry does not know the schema id. */
        UNKNOWN_SCHEMA_ID,
        /** The writer schema cannot be read as the requested type. */
        INCOMPATIBLE_SCHEMA,
        /** The record is longer than {@link DecodeLimits#maxRecordBytes()}; it was not decoded. */
        TOO_LARGE,
        /**
         * The Avro body does not decode with the writer schema: truncated, corrupt, declaring a length
         * longer than itself, or failing with an error (even an {@link Error}) while decoding.
         */
        BAD_BODY
    }

    private final Problem problem;
    private final String detail;
    private final int schemaId;
    private final String topic;
    private final int partition;
    private final long offset;

    public WireFormatException(Problem problem, int schemaId, String detail, Throwable cause) {
        this(problem, schemaId, detail, null, -1, -1L, cause);
    }

    private WireFormatException(Problem problem, int schemaId, String detail, String topic, int partition, long offset,
                                Throwable cause) {
        super(topic == null ? detail : "topic " + topic + " partition " + partition + " offset " + offset + ": " + detail, cause);
        this.problem = problem;
        this.detail = detail;
        this.schemaId = schemaId;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /**
     * This problem located at {@code topic}/{@code partition}/{@code offset}: the message becomes
     * {@code "topic progrs.scored partition 3 offset 1204: unknown magic byte 0x7b, expected 0x00 ..."}. The cause is kept.
     */
    public WireFormatException located(String topic, int partition, long offset) {
        WireFormatException located = new WireFormatException(problem, schemaId, detail, topic, partition, offset, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    public Problem problem() {
        return problem;
    }

    /** The problem without the position. */
    public String detail() {
        return detail;
    }

    /** The schema id read from the bytes, or -1 when the header could not be read. */
    public int schemaId() {
        return schemaId;
    }

    /** The topic, or null when not located. */
    public String topic() {
        return topic;
    }

    /** The partition, or -1 when not located. */
    public int partition() {
        return partition;
    }

    /** The offset, or -1 when not located. */
    public long offset() {
        return offset;
    }
}
