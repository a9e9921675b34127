package dev.progrs.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the Confluent Schema Registry REST API over any {@link SchemaRegistry}, on a
 * loopback port, so kcat ({@code -s value=avro -r URL}), Kafka UIs and non-Java clients can decode
 * the topics:
 * <ul>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions}</li>
 *   <li>{@code GET /subjects/{s}/versions/{v}} ({@code v} a number or {@code latest}) and {@code .../schema}</li>
 *   <li>{@code GET /schemas/ids/{id}}, {@code GET /schemas/ids/{id}/schema}</li>
 *   <li>{@code GET /config} (BACKWARD_TRANSITIVE), {@code GET /schemas/types} (AVRO)</li>
 * </ul>
 * Errors use Confluent's body {@code {"error_code": 40401, "message": "..."}} (40401 subject,
 * 40402 version, 40403 schema not found). Writes are refused with 405: schemas are registered
 * through the Java API, which persists them with the data.
 */
public final class SchemaRegistryHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryHttpServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final SchemaRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    private SchemaRegistryHttpServer(SchemaRegistry registry, HttpServer server, ExecutorService executor) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code registry} on 127.0.0.1:{@code port} ({@code 0}: a free port).
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static SchemaRegistryHttpServer start(SchemaRegistry registry, int port) {
        Objects.requireNonNull(registry, "registry");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("registry port must be in 0..65535 (0 = a free port), got " + port);
        }
        HttpServer server;
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the schema registry to " + address
                    + " (port in use? use 0 for a free port): " + e.getMessage(), e);
        }
        int n = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "progrs-registry-http-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        SchemaRegistryHttpServer http = new SchemaRegistryHttpServer(registry, server, executor);
        server.createContext("/", http::handle);
        server.start();
        return http;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("schema registry HTTP threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                error(exchange, 405, 405, exchange.getRequestMethod() + " is not supported: this embedded registry"
                        + " is read-only over HTTP; schemas are registered by the pipeline's serializers");
                return;
            }
            route(exchange, segments(exchange.getRequestURI().getRawPath()));
        } catch (RuntimeException e) {
            LOG.warn("schema registry request {} failed", exchange.getRequestURI(), e);
            error(exchange, 500, 50001, "internal error: " + e);
        }
    }

    private void route(HttpExchange exchange, List<String> path) throws IOException {
        int n = path.size();
        if (n == 0) {
            send(exchange, 200, "{}");
        } else if (n == 1 && path.get(0).equals("subjects")) {
            ArrayNode subjects = json.createArrayNode();
            registry.subjects().forEach(subjects::add);
            send(exchange, 200, subjects.toString());
        } else if (n == 1 && path.get(0).equals("config")) {
            send(exchange, 200, "{\"compatibilityLevel\":\"BACKWARD_TRANSITIVE\"}");
        } else if (n == 2 && path.get(0).equals("schemas") && path.get(1).equals("types")) {
            send(exchange, 200, "[\"AVRO\"]");
        } else if (n == 3 && path.get(0).equals("subjects") && path.get(2).equals("versions")) {
            String subject = path.get(1);
            try {
                ArrayNode versions = json.createArrayNode();
                registry.versions(subject).forEach(versions::add);
                send(exchange, 200, versions.toString());
            } catch (SchemaNotFoundException e) {
                error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
            }
        } else if ((n == 4 || n == 5 && path.get(4).equals("schema")) && path.get(0).equals("subjects")
                && path.get(2).equals("versions")) {
            subjectVersion(exchange, path.get(1), path.get(3), n == 5);
        } else if ((n == 3 || n == 4 && path.get(3).equals("schema")) && path.get(0).equals("schemas")
                && path.get(1).equals("ids")) {
            schemaById(exchange, path.get(2), n == 4);
        } else {
            error(exchange, 404, 404, "HTTP 404 Not Found: no resource " + exchange.getRequestURI().getPath()
                    + "; supported: GET /subjects, /subjects/{s}/versions, /subjects/{s}/versions/{v|latest},"
                    + " /schemas/ids/{id}, /config");
        }
    }

    private void subjectVersion(HttpExchange exchange, String subject, String version, boolean schemaOnly) throws IOException {
        SubjectVersion found;
        try {
            if (version.equals("latest") || version.equals("-1")) {
                found = registry.latest(subject);
            } else {
                int number;
                try {
                    number = Integer.parseInt(version);
                } catch (NumberFormatException e) {
                    error(exchange, 422, 42202, "The specified version '" + version
                            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
                    return;
                }
                found = registry.version(subject, number);
            }
        } catch (SchemaNotFoundException e) {
            if (registry.subjects().contains(subject)) {
                error(exchange, 404, 40402, "Version " + version + " not found.");
            } else {
                error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
            }
            return;
        }
        if (schemaOnly) {
            send(exchange, 200, found.schema().toString());
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("subject", found.subject());
        body.put("version", found.version());
        body.put("id", found.id());
        body.put("schema", found.schema().toString());
        send(exchange, 200, body.toString());
    }

    private void schemaById(HttpExchange exchange, String idText, boolean schemaOnly) throws IOException {
        int id;
        try {
            id = Integer.parseInt(idText);
        } catch (NumberFormatException e) {
            error(exchange, 404, 40403, "Schema " + idText + " not found (ids are integers)");
            return;
        }
        String schema;
        try {
            schema = registry.schemaById(id).toString();
        } catch (SchemaNotFoundException e) {
            error(exchange, 404, 40403, "Schema " + id + " not found");
            return;
        }
        if (schemaOnly) {
            send(exchange, 200, schema);
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema);
        send(exchange, 200, body.toString());
    }

    private void error(HttpExchange exchange, int status, int errorCode, String message) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("error_code", errorCode);
        body.put("message", message);
        send(exchange, status, body.toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static List<String> segments(String rawPath) {
        String trimmed = rawPath == null ? "" : rawPath.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return List.of();
        }
        String[] parts = trimmed.split("/+");
        String[] decoded = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            decoded[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return List.of(decoded);
    }
}
