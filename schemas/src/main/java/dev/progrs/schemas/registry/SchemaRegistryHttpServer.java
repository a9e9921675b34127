package dev.progrs.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over any {@link SchemaRegistry}, on a loopback port, so
 * kcat ({@code -s value=avro -r URL}), Kafka UIs, Confluent's serializers, kafkajs and every other
 * Confluent-compatible client can read and write the pipeline's schemas:
 * <ul>
 *   <li>{@code POST /subjects/{s}/versions} {@code {"schema": "...", "schemaType": "AVRO"}} → {@code {"id": n}}:
 *       registers the schema (idempotent: a schema the subject holds gets its existing id) after the
 *       same BACKWARD compatibility check against every earlier version that the Java API applies;
 *       the registry persists it as it persists its own (the {@code progrs._schemas} log)</li>
 *   <li>{@code POST /subjects/{s}} {@code {"schema": "..."}} → {@code {"subject", "version", "id", "schema"}}:
 *       finds the version holding the schema, registers nothing</li>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions}</li>
 *   <li>{@code GET /subjects/{s}/versions/{v}} ({@code v} a number or {@code latest}) and {@code .../schema}</li>
 *   <li>{@code GET /schemas/ids/{id}}, {@code GET /schemas/ids/{id}/schema}</li>
 *   <li>{@code GET /config} (BACKWARD_TRANSITIVE), {@code GET /schemas/types} (AVRO)</li>
 * </ul>
 * Errors use Confluent's body {@code {"error_code": 40401, "message": "..."}}: 404 with 40401
 * (subject), 40402 (version) or 40403 (schema) not found; 409 (error_code 409) for a schema the
 * compatibility rule refuses, naming each incompatibility and the changes that are accepted; 422
 * with 42201 for a schema that does not parse or is not Avro, 42202 for a bad version; 400 for a
 * body that is not a JSON object; 413 for a body over {@value #MAX_BODY_BYTES} bytes; 503 (50001)
 * when the registry's own store cannot be reached (clients retry). Deleting subjects or versions
 * and changing the compatibility level are refused with 405: stored topics must stay decodable.
 */
public final class SchemaRegistryHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryHttpServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();
    /** Largest request body read; schemas are kilobytes. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final String SUPPORTED = "POST /subjects/{s}/versions, POST /subjects/{s}, GET /subjects,"
            + " /subjects/{s}/versions, /subjects/{s}/versions/{v|latest}[/schema], /schemas/ids/{id}[/schema], /config,"
            + " /schemas/types";

    private final SchemaRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    /** The executor's threads, joined on close: a terminated pool's last thread may still be exiting. */
    private final List<Thread> threads;
    private final ObjectMapper json = new ObjectMapper();

    private SchemaRegistryHttpServer(SchemaRegistry registry, HttpServer server, ExecutorService executor, List<Thread> threads) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
        this.threads = threads;
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
        AtomicInteger count = new AtomicInteger();
        List<Thread> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "progrs-registry-http-" + n + "-" + count.incrementAndGet());
            t.setDaemon(true);
            started.add(t);
            return t;
        });
        server.setExecutor(executor);
        SchemaRegistryHttpServer http = new SchemaRegistryHttpServer(registry, server, executor, started);
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
            List<Thread> snapshot;
            synchronized (threads) {
                snapshot = List.copyOf(threads);
            }
            for (Thread t : snapshot) {
                t.join(5_000); // the pool reports termination before its last thread has finished exiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            List<String> path = segments(exchange.getRequestURI().getRawPath());
            if ("GET".equals(method) || "HEAD".equals(method)) {
                route(exchange, path);
            } else if ("POST".equals(method)) {
                routePost(exchange, path);
            } else {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD, POST");
                error(exchange, 405, 405, method + " " + exchange.getRequestURI().getPath() + " is not supported: this"
                        + " registry never deletes schemas (stored topics must stay decodable) and its compatibility level is"
                        + " fixed at BACKWARD_TRANSITIVE; supported: " + SUPPORTED);
            }
        } catch (SchemaRegistryUnavailableException e) {
            LOG.warn("schema registry request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            error(exchange, 503, 50001, "Error in the backend data store: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            error(exchange, 500, 50001, "internal error: " + e);
        }
    }

    private void routePost(HttpExchange exchange, List<String> path) throws IOException {
        int n = path.size();
        boolean register = n == 3 && path.get(0).equals("subjects") && path.get(2).equals("versions");
        boolean lookup = n == 2 && path.get(0).equals("subjects");
        if (!register && !lookup) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            int status = n >= 1 && List.of("subjects", "schemas", "config").contains(path.get(0)) ? 405 : 404;
            error(exchange, status, status, "POST " + exchange.getRequestURI().getPath() + " is not supported; supported: " + SUPPORTED);
            return;
        }
        String subject = path.get(1);
        Schema schema = requestSchema(exchange);
        if (schema == null) {
            return; // the error reply is sent
        }
        if (register) {
            int id;
            try {
                id = registry.register(subject, schema);
            } catch (IncompatibleSchemaException e) {
                error(exchange, 409, 409, "Schema being registered is incompatible with an earlier schema for subject '"
                        + subject + "': " + e.getMessage());
                return;
            }
            LOG.debug("registered {} under '{}' over HTTP: id {}", schema.getFullName(), subject, id);
            ObjectNode body = json.createObjectNode();
            body.put("id", id);
            send(exchange, 200, body.toString());
            return;
        }
        if (!registry.subjects().contains(subject)) {
            error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
            return;
        }
        Optional<SubjectVersion> found = registry.lookup(subject, schema);
        if (found.isEmpty()) {
            error(exchange, 404, 40403, "Schema not found: subject '" + subject + "' holds no version with this schema ("
                    + schema.getFullName() + ")");
            return;
        }
        send(exchange, 200, versionBody(found.get()).toString());
    }

    /**
     * The Avro schema of a register or lookup request, or null after sending the error reply that says
     * what was wrong and what is accepted.
     */
    private Schema requestSchema(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            error(exchange, 413, 413, "request body over " + MAX_BODY_BYTES + " bytes; a schema request is {\"schema\": \"...\"}");
            return null;
        }
        JsonNode request;
        try {
            request = json.readTree(bytes);
        } catch (IOException e) {
            error(exchange, 400, 400, "request body is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "); expected {\"schema\": \"<Avro schema as a JSON string>\"}");
            return null;
        }
        if (request == null || !request.isObject()) {
            error(exchange, 400, 400, "request body is not a JSON object; expected {\"schema\": \"<Avro schema as a JSON string>\"}");
            return null;
        }
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            error(exchange, 422, 42201, "Invalid schema: schemaType " + type + " is not supported; accepted: AVRO (or no schemaType)");
            return null;
        }
        JsonNode references = request.get("references");
        if (references != null && !references.isNull() && !(references.isArray() && references.isEmpty())) {
            error(exchange, 422, 42201, "Invalid schema: schema references are not supported; send the schema with every"
                    + " named type it uses defined inline and \"references\": [] or none");
            return null;
        }
        JsonNode text = request.get("schema");
        if (text == null || !text.isTextual()) {
            error(exchange, 422, 42201, "Invalid schema: the request has no \"schema\" string; expected {\"schema\":"
                    + " \"<Avro schema as a JSON string>\"}, e.g. {\"schema\": \"\\\"string\\\"\"}");
            return null;
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            error(exchange, 422, 42201, "Invalid schema: Avro cannot parse it: " + e.getMessage());
            return null;
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
                    + "; supported: " + SUPPORTED);
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
        send(exchange, 200, versionBody(found).toString());
    }

    private ObjectNode versionBody(SubjectVersion found) {
        ObjectNode body = json.createObjectNode();
        body.put("subject", found.subject());
        body.put("version", found.version());
        body.put("id", found.id());
        body.put("schema", found.schema().toString());
        return body;
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
