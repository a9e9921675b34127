package dev.progrs.tasks.benchmarks.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server for download tests: serves {@code bytes} at {@code /file} with
 * {@code Range: bytes=N-} support (206), 404 elsewhere, and on request cuts the first responses
 * after some bytes, ignores ranges or answers a fixed status. Records each request's Range header
 * ({@code "-"} when none).
 */
public final class FixtureServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final byte[] bytes;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile int cutsLeft;
    private volatile int cutAfter;
    private volatile boolean ignoreRange;
    private volatile int status;

    public FixtureServer(byte[] bytes) throws IOException {
        this.bytes = bytes.clone();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The address of the served file. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/file");
    }

    /** The base address (a mirror serving {@code /file}). */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The next {@code times} responses send {@code after} bytes of their body, then drop the connection. */
    public FixtureServer cutting(int times, int after) {
        cutsLeft = times;
        cutAfter = after;
        return this;
    }

    /** Answer every request with the whole file (200), as a server without range support does. */
    public FixtureServer ignoringRange() {
        ignoreRange = true;
        return this;
    }

    /** Answer every request with {@code code} and an empty body. */
    public FixtureServer answering(int code) {
        status = code;
        return this;
    }

    /** The Range header of every request so far, in order ({@code "-"} for none). */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "-" : range);
        if (status != 0 || !exchange.getRequestURI().getPath().equals("/file")) {
            exchange.sendResponseHeaders(status != 0 ? status : 404, -1);
            exchange.close();
            return;
        }
        int from = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && !ignoreRange) {
            from = Integer.parseInt(m.group(1));
            if (from >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            exchange.sendResponseHeaders(206, bytes.length - from);
        } else {
            exchange.sendResponseHeaders(200, bytes.length);
        }
        OutputStream out = exchange.getResponseBody();
        if (cutsLeft > 0) {
            cutsLeft--;
            out.write(bytes, from, Math.min(cutAfter, bytes.length - from));
            out.flush();
            // an exception out of a handler makes the server drop the connection mid-body
            throw new IOException("fixture server: connection cut on purpose");
        }
        out.write(bytes, from, bytes.length - from);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
