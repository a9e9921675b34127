package dev.progrs.schemas.serde;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0}, bytes 1..4 the big-endian
 * schema id, the rest the Avro binary encoding of the record with that (writer) schema.
 *
 * <pre>
 * | 0x00 | id (int32, big-endian) | Avro binary body ... |
 * </pre>
 */
public final class WireFormat {
    /** The only magic byte defined. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * The schema id in the header of {@code data}.
     *
     * @throws WireFormatException when {@code data} is null, shorter than {@link #HEADER_SIZE} or
     *                             does not start with {@link #MAGIC_BYTE}
     */
    public static int schemaId(byte[] data) {
        if (data == null) {
            throw new WireFormatException(WireFormatException.Problem.NULL_VALUE, -1,
                    "null value (a tombstone), expected a wire-format record", null);
        }
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Problem.TRUNCATED, -1,
                    "truncated: " + data.length + " bytes, need at least " + HEADER_SIZE
                            + " (magic byte 0 and a 4-byte schema id)", null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Problem.UNKNOWN_MAGIC_BYTE, -1,
                    String.format("unknown magic byte 0x%02x, expected 0x00 (Confluent wire format);"
                            + " first bytes: %s", data[0] & 0xff, hexPrefix(data)), null);
        }
        return (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | data[4] & 0xff;
    }

    /**
     * @throws WireFormatException ({@link WireFormatException.Problem#TOO_LARGE}) when {@code data}
     *                             is longer than {@code limits} allow
     */
    static void checkSize(byte[] data, int schemaId, DecodeLimits limits) {
        if (data.length > limits.maxRecordBytes()) {
            throw new WireFormatException(WireFormatException.Problem.TOO_LARGE, schemaId, "record of " + data.length
                    + " bytes is larger than the " + limits.maxRecordBytes() + " bytes the decoders accept ("
                    + DecodeLimits.MAX_RECORD_BYTES_CONFIG + "); first bytes: " + hexPrefix(data), null);
        }
    }

    /** Writes the header for {@code schemaId} into {@code target[0..4]}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** Up to the first 16 bytes of {@code data} in hex, for messages. */
    static String hexPrefix(byte[] data) {
        int n = Math.min(data.length, 16);
        StringBuilder hex = new StringBuilder(3 * n + 4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format("%02x", data[i] & 0xff));
        }
        if (data.length > n) {
            hex.append(" ...");
        }
        return hex.toString();
    }
}
