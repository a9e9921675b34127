package dev.progrs.cli.io;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The process's standard streams for a command's try-with-resources: closing one flushes it and
 * leaves it open. A command that closed {@code System.err} with its writer hid every later message,
 * picocli's error report of a failure included.
 */
public final class StandardStreams {

    private StandardStreams() {
    }

    /** {@code System.in}; {@code close()} does nothing. */
    public static InputStream in() {
        return new FilterInputStream(System.in) {
            @Override
            public void close() {
                // stays open: it is the process's
            }
        };
    }

    /** {@code System.out}; {@code close()} flushes. */
    public static OutputStream out() {
        return unclosed(System.out);
    }

    /** {@code System.err}; {@code close()} flushes. */
    public static OutputStream err() {
        return unclosed(System.err);
    }

    private static OutputStream unclosed(OutputStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
