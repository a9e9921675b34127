package dev.progrs.schemas.serde;

/**
 * How much one record may make the decoders allocate. A record of {@code n} body bytes is checked
 * <em>before</em> Avro allocates anything ({@link DeclaredLengths}): a string or bytes value of
 * length {@code L} needs {@code L} bytes, so {@code L ≤ r} (the bytes left in the record); an array
 * or map block of {@code c} items whose item type needs at least {@code m ≥ 1} bytes needs
 * {@code c·m ≤ r}. Memory is then proportional to the record's real size, never to a length it
 * claims: a 13-byte record cannot ask for 2 GB.
 *
 * <p>{@link #maxRecordBytes()} bounds that real size; larger records are refused before any
 * decoding ({@link WireFormatException.Problem#TOO_LARGE}). It also sizes Avro's own JVM-wide
 * limits ({@link AvroLimits}), the second line of defence for any Avro decoding in the process: a
 * string, a bytes value or a collection can never be longer than the record that holds it (every
 * array and map item of the pipeline's schemas takes at least one byte).
 *
 * <p>The default, 8 MiB, is eight times Kafka's default largest message (1 MiB,
 * {@code message.max.bytes}/{@code max.request.size}), so a broker configured for larger messages
 * still works, while a single decode stays far below any worker's heap. The pipeline's largest
 * records (a scored trajectory with every token id and quantile) are a few kilobytes.
 *
 * @param maxRecordBytes largest wire record (header included) the deserializers decode, key
 *                       {@value #MAX_RECORD_BYTES_CONFIG}, {@value #MIN_RECORD_BYTES}..{@value #MAX_ALLOWED_RECORD_BYTES}
 */
public record DecodeLimits(int maxRecordBytes) {

    /** System property (JVM-wide, like Avro's limits) that sets {@link #maxRecordBytes()}. */
    public static final String MAX_RECORD_BYTES_CONFIG = "progrs.serde.max.record.bytes";
    public static final String MAX_RECORD_BYTES_DOC = "Largest wire record (magic byte, schema id and Avro body) the "
            + "deserializers decode; larger ones are dead-lettered as TOO_LARGE. Also sizes Avro's string, bytes and "
            + "collection limits (org.apache.avro.limits.*) unless those are set explicitly.";
    /** Default {@link #maxRecordBytes()}: 8 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 8 << 20;
    static final int MIN_RECORD_BYTES = 1024;
    /** Java's largest array, as Avro's {@code SystemLimitException.MAX_ARRAY_VM_LIMIT}. */
    static final int MAX_ALLOWED_RECORD_BYTES = Integer.MAX_VALUE - 8;

    public DecodeLimits {
        if (maxRecordBytes < MIN_RECORD_BYTES || maxRecordBytes > MAX_ALLOWED_RECORD_BYTES) {
            throw new IllegalArgumentException(MAX_RECORD_BYTES_CONFIG + "=" + maxRecordBytes + " is invalid; accepted: "
                    + MIN_RECORD_BYTES + ".." + MAX_ALLOWED_RECORD_BYTES + " bytes");
        }
    }

    /** 8 MiB records. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * The limits {@value #MAX_RECORD_BYTES_CONFIG} sets, or the defaults.
     *
     * @throws IllegalArgumentException naming the property, its value and the accepted range
     */
    public static DecodeLimits fromSystemProperties() {
        String value = System.getProperty(MAX_RECORD_BYTES_CONFIG);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return new DecodeLimits(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_RECORD_BYTES_CONFIG + "=" + value + " is not an integer; accepted: "
                    + MIN_RECORD_BYTES + ".." + MAX_ALLOWED_RECORD_BYTES + " bytes", e);
        }
    }
}
