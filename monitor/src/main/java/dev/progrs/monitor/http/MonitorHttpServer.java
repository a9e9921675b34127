package dev.progrs.monitor.http;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's HTTP side on a JDK {@link HttpServer}:
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text exposition ({@link MonitorMetrics});</li>
 *   <li>{@code GET /api/series}: the windows and alerts as JSON ({@link SeriesJson});</li>
 *   <li>{@code GET /}: the live dashboard (static HTML + JS, no external resources), which polls
 *       {@code /api/series} and draws one SVG chart per series with alerts marked.</li>
 * </ul>
 * With {@link HttpCredentials} every path answers 401 unless the request carries that user and password
 * (HTTP basic auth). Bound beyond the loopback interface the server logs a warning
 * ({@link #exposureWarning}): the dashboard shows training internals, and without credentials anyone
 * who reaches the port reads them. {@link #close()} stops the server and its two worker threads.
 */
public final class MonitorHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorHttpServer.class);
    private static final String DASHBOARD = "/dev/progrs/monitor/http/dashboard.html";

    private final HttpServer server;
    private final ExecutorService executor;

    private MonitorHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code host:port} (port 0: a free one).
     *
     * @param history what the dashboard and JSON show
     * @param metrics what {@code /metrics} serves
     */
    public static MonitorHttpServer start(String host, int port, MonitorHistory history, MonitorMetrics metrics) {
        return start(host, port, Optional.empty(), history, metrics);
    }

    /**
     * Starts serving on {@code host:port} (port 0: a free one), asking for {@code credentials} when given.
     *
     * @param history what the dashboard and JSON show
     * @param metrics what {@code /metrics} serves
     */
    public static MonitorHttpServer start(String host, int port, Optional<HttpCredentials> credentials, MonitorHistory history,
                                          MonitorMetrics metrics) {
        exposureWarning(host, credentials.isPresent()).ifPresent(LOG::warn);
        byte[] dashboard = dashboardPage();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the monitor on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another --http-port, or 0 for any free port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "progrs-monitor-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpContext metricsPath = server.createContext("/metrics", ex -> respond(ex, "text/plain; version=0.0.4; charset=utf-8",
                () -> metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        HttpContext seriesPath = server.createContext("/api/series", ex -> respond(ex, "application/json; charset=utf-8",
                () -> SeriesJson.of(history).getBytes(StandardCharsets.UTF_8)));
        HttpContext rootPath = server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                respond(ex, "text/html; charset=utf-8", () -> dashboard);
            } else {
                notFound(ex);
            }
        });
        credentials.ifPresent(c -> {
            BasicAuthenticator auth = new BasicAuthenticator("progrs monitor", StandardCharsets.UTF_8) {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return c.accepts(user, password);
                }
            };
            for (HttpContext context : List.of(metricsPath, seriesPath, rootPath)) {
                context.setAuthenticator(auth);
            }
        });
        server.start();
        MonitorHttpServer s = new MonitorHttpServer(server, executor);
        LOG.info("monitor dashboard at {}/ , Prometheus metrics at {}/metrics", s.url(), s.url());
        return s;
    }

    /**
     * The warning for serving on {@code host}, if it is not a loopback address (0.0.0.0, a LAN
     * address, a name that resolves beyond loopback), or empty.
     */
    public static Optional<String> exposureWarning(String host, boolean authenticated) {
        if (isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of("the monitor's dashboard and /metrics are served on " + host + ", beyond the loopback interface: "
                + (authenticated ? "they ask for the --http-user credentials, but travel in plain HTTP; put a TLS proxy in front "
                        : "anyone who reaches the port reads them; give --http-user (and --http-password or "
                        + HttpCredentials.PASSWORD_ENV + "), or bind --http-host 127.0.0.1 ")
                + "(README.md, \"Security\")");
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false; // the bind will fail with its own message
        }
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:9464} */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort();
    }

    /** @return the port served */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange ex, String contentType, Supplier<byte[]> body) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get();
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            LOG.warn("monitor HTTP {} failed: {}", ex.getRequestURI(), e.toString());
            throw e;
        }
    }

    private static void notFound(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] bytes = ("not found: " + ex.getRequestURI().getPath() + " (try /, /metrics, /api/series)\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(404, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] dashboardPage() {
        try (InputStream in = MonitorHttpServer.class.getResourceAsStream(DASHBOARD)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + DASHBOARD + " missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard resource " + DASHBOARD, e);
        }
    }
}
