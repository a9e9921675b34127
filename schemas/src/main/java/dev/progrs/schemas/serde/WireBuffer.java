package dev.progrs.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised, reusable output buffer for one thread's serializations: the record is
 * encoded straight after a reserved 5-byte header, and {@link #toWireBytes(int)} fills the header
 * and copies out exactly the bytes written (one allocation per record, the result).
 */
final class WireBuffer extends OutputStream {
    /** Buffers grown beyond this are dropped after use, so one huge record does not pin memory. */
    static final int RETAINED_CAPACITY = 1 << 20;

    private byte[] buf;
    private int count;

    WireBuffer(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, WireFormat.HEADER_SIZE)];
    }

    /** Empties the buffer and reserves the header. */
    void startRecord() {
        count = WireFormat.HEADER_SIZE;
    }

    @Override
    public void write(int b) {
        ensure(count + 1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(count + len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Header for {@code schemaId} plus the body written since {@link #startRecord()}. */
    byte[] toWireBytes(int schemaId) {
        WireFormat.writeHeader(buf, schemaId);
        return Arrays.copyOf(buf, count);
    }

    /** Whether the buffer grew too large to keep. */
    boolean oversized() {
        return buf.length > RETAINED_CAPACITY;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, buf.length * 2));
        }
    }
}
