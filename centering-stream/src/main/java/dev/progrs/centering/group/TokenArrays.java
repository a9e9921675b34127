package dev.progrs.centering.group;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Token arrays kept as their Avro binary encoding ({@code array<int>}, {@code array<float>}): a block
 * count, the items, a terminating 0. That is how they arrive inside a scored trajectory and how they
 * leave inside the advantages record, so the stream can carry them as bytes without decoding them.
 * No Kafka here.
 */
public final class TokenArrays {

    /** The encoding of an empty array: a single block count 0. */
    private static final byte[] EMPTY = {0};

    private TokenArrays() {
    }

    /** @return the encoding of an empty array (a fresh copy) */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    /** @return the Avro binary encoding of {@code ints} as one block */
    public static byte[] ofInts(List<Integer> ints) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ints.size() + 8);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            e.writeArrayStart();
            e.setItemCount(ints.size());
            for (Integer i : ints) {
                e.startItem();
                e.writeInt(i);
            }
            e.writeArrayEnd();
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** @return the Avro binary encoding of {@code floats} as one block */
    public static byte[] ofFloats(List<Float> floats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 * floats.size() + 8);
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            e.writeArrayStart();
            e.setItemCount(floats.size());
            for (Float f : floats) {
                e.startItem();
                e.writeFloat(f);
            }
            e.writeArrayEnd();
            e.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    /** @return the ints encoded in {@code array} */
    public static List<Integer> ints(byte[] array) {
        BinaryDecoder d = DecoderFactory.get().binaryDecoder(array, null);
        List<Integer> out = new ArrayList<>();
        try {
            for (long n = d.readArrayStart(); n > 0; n = d.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    out.add(d.readInt());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out;
    }

    /** @return the floats encoded in {@code array} */
    public static List<Float> floats(byte[] array) {
        BinaryDecoder d = DecoderFactory.get().binaryDecoder(array, null);
        List<Float> out = new ArrayList<>();
        try {
            for (long n = d.readArrayStart(); n > 0; n = d.arrayNext()) {
                for (long i = 0; i < n; i++) {
                    out.add(d.readFloat());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out;
    }
}
