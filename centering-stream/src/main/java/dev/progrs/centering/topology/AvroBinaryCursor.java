package dev.progrs.centering.topology;

import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;

/**
 * Reads Avro binary data of a known writer schema from a byte array without building objects:
 * scalars, strings, and the extent of any value (to skip it or to keep its bytes). Every length and
 * count is checked against the bytes left before it is used, and varints against their maximal
 * length, so corrupt input fails with {@link Malformed} instead of allocating or reading past the
 * end. Not thread-safe; one per record.
 */
final class AvroBinaryCursor {

    /** The bytes are not a valid encoding of the schema. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] buf;
    private final int end;
    private int pos;

    AvroBinaryCursor(byte[] buf, int offset, int end) {
        this.buf = buf;
        this.pos = offset;
        this.end = end;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == end;
    }

    long readLong() throws Malformed {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new Malformed("varint runs past the end");
            }
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new Malformed("long varint longer than 10 bytes");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    int readInt() throws Malformed {
        int start = pos;
        long v = readLong();
        if (pos - start > 5 || v != (int) v) {
            throw new Malformed("int varint out of range");
        }
        return (int) v;
    }

    double readDouble() throws Malformed {
        need(8);
        long bits = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24
                | (buf[pos + 4] & 0xffL) << 32 | (buf[pos + 5] & 0xffL) << 40 | (buf[pos + 6] & 0xffL) << 48
                | (buf[pos + 7] & 0xffL) << 56;
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    String readString() throws Malformed {
        int n = length();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** @return the branch index of a union of {@code branches} */
    int readUnionIndex(int branches) throws Malformed {
        int i = readInt();
        if (i < 0 || i >= branches) {
            throw new Malformed("union index " + i + " outside 0.." + (branches - 1));
        }
        return i;
    }

    /** @return the number of items of an array of strings (each item is skipped) */
    long countStrings() throws Malformed {
        long items = 0;
        for (long n = blockCount(); n != 0; n = blockCount()) {
            for (long i = 0; i < n; i++) {
                skipBytes(length());
            }
            items += n;
        }
        return items;
    }

    /** Moves past one value of {@code schema}. */
    void skip(Schema schema) throws Malformed {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> advance(1);
            case INT -> readInt();
            case LONG -> readLong();
            case FLOAT -> advance(4);
            case DOUBLE -> advance(8);
            case STRING, BYTES -> skipBytes(length());
            case FIXED -> advance(schema.getFixedSize());
            case ENUM -> {
                int i = readInt();
                if (i < 0 || i >= schema.getEnumSymbols().size()) {
                    throw new Malformed("enum index " + i + " outside 0.." + (schema.getEnumSymbols().size() - 1));
                }
            }
            case UNION -> skip(schema.getTypes().get(readUnionIndex(schema.getTypes().size())));
            case RECORD -> {
                for (Schema.Field f : schema.getFields()) {
                    skip(f.schema());
                }
            }
            case ARRAY -> {
                Schema.Type items = schema.getElementType().getType();
                for (long n = blockCount(); n != 0; n = blockCount()) {
                    if (items == Schema.Type.FLOAT || items == Schema.Type.DOUBLE) {
                        advance(Math.toIntExact(n * (items == Schema.Type.FLOAT ? 4 : 8)));
                    } else if (items == Schema.Type.INT) {
                        skipVarints(n, 5);
                    } else if (items == Schema.Type.LONG) {
                        skipVarints(n, 10);
                    } else {
                        for (long i = 0; i < n; i++) {
                            skip(schema.getElementType());
                        }
                    }
                }
            }
            case MAP -> {
                for (long n = blockCount(); n != 0; n = blockCount()) {
                    for (long i = 0; i < n; i++) {
                        skipBytes(length());
                        skip(schema.getValueType());
                    }
                }
            }
            default -> throw new Malformed("unsupported type " + schema.getType());
        }
    }

    /** Moves past {@code n} varints of at most {@code maxBytes} bytes each, without decoding them. */
    private void skipVarints(long n, int maxBytes) throws Malformed {
        final byte[] b = buf;
        final int e = end;
        int p = pos;
        for (long i = 0; i < n; i++) {
            int start = p;
            do {
                if (p >= e) {
                    throw new Malformed("varint runs past the end");
                }
            } while (b[p++] < 0); // high bit set: more bytes follow
            if (p - start > maxBytes) {
                throw new Malformed("varint longer than " + maxBytes + " bytes");
            }
        }
        pos = p;
    }

    /**
     * The count of the next array or map block; a negative count is followed by the block's size in
     * bytes, which is read and checked. Items can be empty (nulls), so a count is checked against a
     * generous bound rather than the bytes left.
     */
    private long blockCount() throws Malformed {
        long n = readLong();
        if (n < 0) {
            n = -n;
            long size = readLong();
            if (size < 0 || size > end - pos) {
                throw new Malformed("block size " + size + " exceeds the " + (end - pos) + " bytes left");
            }
        }
        if (n > (long) (end - pos) + 1_000_000) {
            throw new Malformed("block count " + n + " for " + (end - pos) + " bytes left");
        }
        return n;
    }

    private int length() throws Malformed {
        long n = readLong();
        if (n < 0 || n > end - pos) {
            throw new Malformed("length " + n + " exceeds the " + (end - pos) + " bytes left");
        }
        return (int) n;
    }

    /** Moves past {@code n} bytes already checked against the bytes left (a separate step: {@code pos += length()} would lose the varint). */
    private void skipBytes(int n) {
        pos += n;
    }

    private void advance(int n) throws Malformed {
        need(n);
        pos += n;
    }

    private void need(int n) throws Malformed {
        if (n > end - pos) {
            throw new Malformed("need " + n + " bytes, " + (end - pos) + " left");
        }
    }
}
