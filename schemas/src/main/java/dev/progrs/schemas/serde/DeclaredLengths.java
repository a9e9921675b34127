package dev.progrs.schemas.serde;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Checks, before Avro allocates anything, that every length a binary Avro body declares fits in
 * the bytes the body still has. Walks the writer schema over the bytes as Avro's binary decoder
 * would, reading only varints and skipping values; nothing is allocated per value. With
 * {@code r} the bytes left at the point of the declaration:
 * <pre>
 *   string, bytes of length L      L ≤ r                          (each byte is on the wire)
 *   fixed of size F                F ≤ r
 *   array/map block of c items     c ≤ r / max(1, m)              (m: fewest bytes an item can take)
 *   zero-byte items (m = 0)        Σc ≤ body length, over the whole body (array&lt;null&gt;, empty records)
 *   union index, enum index        within the schema's branches / symbols
 * </pre>
 * so memory is proportional to the bytes really received: the 13-byte record that declares a
 * 2,000,000,000-byte string is refused here instead of making Avro allocate it. The bound is exact
 * for binary Avro, where a value of length {@code L} is followed by its {@code L} bytes; the only
 * valid data it refuses is a collection of zero-byte items longer than its record (none of the
 * pipeline's schemas has one).
 *
 * <p>{@code m} per schema: null 0; boolean, int, long, enum, string, bytes, array, map 1; float 4;
 * double 8; fixed its size; union 1 + its smallest branch; record the sum of its fields; a map item
 * adds the key's 1. Immutable after construction, so thread-safe.
 */
final class DeclaredLengths {

    /** A declared length that does not fit; its message becomes the dead letter's reason. */
    static final class Violation extends Exception {
        private final String where;

        Violation(String message, String where) {
            super(message, null, false, false);
            this.where = where;
        }

        /** This violation inside field {@code field} of the enclosing record. */
        Violation in(String field) {
            return new Violation(getMessage(), where.isEmpty() ? field : field + "." + where);
        }

        /** Field path, {@code trajectory.responseText}; empty at the top. */
        String where() {
            return where;
        }
    }

    /** Read position in the body. */
    private static final class Cursor {
        final byte[] bytes;
        final int start;
        final int end;
        int pos;
        /** Items of zero-byte types declared so far in the whole body. */
        long zeroByteItems;

        Cursor(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        int remaining() {
            return end - pos;
        }

        void need(long n, String what) throws Violation {
            if (n > remaining()) {
                throw new Violation(what + " needs " + n + " bytes but " + remaining() + " remain of the " + (end - start)
                        + "-byte body (at body byte " + (pos - start) + ")", "");
            }
        }

        /** A zig-zag varint of at most {@code maxBytes} bytes (5 for int, 10 for long). */
        long varint(int maxBytes, String what) throws Violation {
            long raw = 0;
            for (int i = 0, shift = 0; i < maxBytes; i++, shift += 7) {
                if (pos >= end) {
                    throw new Violation("the body ends inside " + what + " (" + (end - start) + "-byte body)", "");
                }
                int b = bytes[pos++] & 0xff;
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new Violation(what + " at body byte " + (pos - start - maxBytes) + " is longer than " + maxBytes + " bytes", "");
        }
    }

    private static final Schema MAP_KEY = Schema.create(Schema.Type.STRING);

    private final Schema writer;
    private final Map<Schema, Integer> minBytes = new IdentityHashMap<>();

    DeclaredLengths(Schema writer) {
        this.writer = writer;
        minBytes(writer);
    }

    /**
     * @return null when every length the body {@code bytes[offset, offset + length)} declares fits
     *         in it, else what does not fit and where, e.g. {@code "field promptId: a string of
     *         2000000000 bytes needs 2000000000 bytes but 3 remain of the 8-byte body (at body byte 5)"}
     */
    String problem(byte[] bytes, int offset, int length) {
        try {
            walk(writer, new Cursor(bytes, offset, offset + length));
            return null;
        } catch (Violation v) {
            return (v.where().isEmpty() ? "" : "field " + v.where() + ": ") + v.getMessage();
        } catch (StackOverflowError e) {
            return "values nested deeper than the decoder's stack allows";
        }
    }

    /** The fewest bytes a value of {@code s} can take on the wire ({@code m} of the class comment). */
    int minBytes(Schema s) {
        Integer known = minBytes.get(s);
        if (known != null) {
            return known;
        }
        int m;
        switch (s.getType()) {
            case NULL -> m = 0;
            case FLOAT -> m = 4;
            case DOUBLE -> m = 8;
            case FIXED -> m = s.getFixedSize();
            case UNION -> {
                minBytes.put(s, 1); // provisional, for recursive types
                int smallest = Integer.MAX_VALUE;
                for (Schema branch : s.getTypes()) {
                    smallest = Math.min(smallest, minBytes(branch));
                }
                m = 1 + (smallest == Integer.MAX_VALUE ? 0 : smallest);
            }
            case RECORD -> {
                minBytes.put(s, 0); // provisional, for recursive types
                long sum = 0;
                for (Schema.Field f : s.getFields()) {
                    sum += minBytes(f.schema());
                }
                m = (int) Math.min(sum, Integer.MAX_VALUE);
            }
            case ARRAY -> {
                m = 1;
                minBytes.put(s, m);
                minBytes(s.getElementType());
            }
            case MAP -> {
                m = 1;
                minBytes.put(s, m);
                minBytes(s.getValueType());
            }
            default -> m = 1; // boolean, int, long, enum, string, bytes
        }
        minBytes.put(s, m);
        return m;
    }

    private void walk(Schema s, Cursor c) throws Violation {
        switch (s.getType()) {
            case NULL -> {
            }
            case BOOLEAN -> {
                c.need(1, "a boolean");
                c.pos++;
            }
            case INT -> c.varint(5, "an int");
            case LONG -> c.varint(10, "a long");
            case FLOAT -> {
                c.need(4, "a float");
                c.pos += 4;
            }
            case DOUBLE -> {
                c.need(8, "a double");
                c.pos += 8;
            }
            case STRING, BYTES -> {
                String kind = s.getType() == Schema.Type.STRING ? "a string" : "a bytes value";
                long n = c.varint(10, "the length of " + kind);
                if (n < 0) {
                    throw new Violation(kind + " declares the negative length " + n, "");
                }
                c.need(n, kind + " of " + n + " bytes");
                c.pos += (int) n;
            }
            case FIXED -> {
                c.need(s.getFixedSize(), "a fixed " + s.getFullName());
                c.pos += s.getFixedSize();
            }
            case ENUM -> {
                long i = c.varint(5, "an enum index");
                if (i < 0 || i >= s.getEnumSymbols().size()) {
                    throw new Violation("enum index " + i + " outside 0.." + (s.getEnumSymbols().size() - 1) + " of "
                            + s.getFullName(), "");
                }
            }
            case UNION -> {
                long i = c.varint(5, "a union index");
                if (i < 0 || i >= s.getTypes().size()) {
                    throw new Violation("union index " + i + " outside 0.." + (s.getTypes().size() - 1), "");
                }
                walk(s.getTypes().get((int) i), c);
            }
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    try {
                        walk(f.schema(), c);
                    } catch (Violation v) {
                        throw v.in(f.name());
                    }
                }
            }
            case ARRAY -> items(s.getElementType(), false, c);
            case MAP -> items(s.getValueType(), true, c);
            default -> throw new Violation("schema type " + s.getType() + " is not binary Avro", "");
        }
    }

    /** The blocks of one array ({@code keyed} false) or map. */
    private void items(Schema item, boolean keyed, Cursor c) throws Violation {
        String kind = keyed ? "map" : "array";
        long per = Math.max(1, (keyed ? 1 : 0) + minBytes(item));
        while (true) {
            long count = c.varint(10, "the item count of an " + kind + " block");
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count;
                long size = c.varint(10, "the byte size of an " + kind + " block");
                if (count < 0 || size < 0) {
                    throw new Violation("an " + kind + " block declares a negative count or size", "");
                }
                c.need(size, "an " + kind + " block of " + size + " bytes");
            }
            if (count > c.remaining() / per) {
                throw new Violation("an " + kind + " block of " + count + " items of at least " + per + " byte(s) each does not "
                        + "fit in the " + c.remaining() + " bytes that remain of the " + (c.end - c.start) + "-byte body", "");
            }
            if (per == 1 && minBytes(item) == 0 && !keyed) {
                // each such item allocates a slot but takes no byte: bound them by the body, once for the whole body
                c.zeroByteItems += count;
                if (c.zeroByteItems > c.end - c.start) {
                    throw new Violation("more than " + (c.end - c.start) + " items of zero-byte type " + item.getType()
                            + " in a " + (c.end - c.start) + "-byte body", "");
                }
            }
            for (long i = 0; i < count; i++) {
                if (keyed) {
                    walk(MAP_KEY, c);
                }
                walk(item, c);
            }
        }
    }
}
