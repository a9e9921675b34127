package dev.progrs.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also spoken by Apicurio's ccompat API,
 * Karapace, Redpanda and {@link EmbeddedSchemaRegistry}'s REST API):
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} with {@code {"schema": "..."}} → {@code {"id": n}}</li>
 *   <li>{@code GET /schemas/ids/{id}} → {@code {"schema": "..."}}</li>
 *   <li>{@code GET /subjects} → {@code ["a", ...]}</li>
 *   <li>{@code GET /subjects/{subject}/versions} → {@code [1, 2, ...]}</li>
 *   <li>{@code GET /subjects/{subject}/versions/{version|latest}} → {@code {"subject", "version", "id", "schema"}}</li>
 *   <li>{@code POST /subjects/{subject}} with {@code {"schema": "..."}} → the same, or 404 when the subject does not hold it</li>
 * </ul>
 * No caching here (wrap it in {@link CachingSchemaRegistry}, or use {@link #cached(String)}).
 *
 * <p>Errors become exceptions naming the method, the URL, the subject or id asked for, the HTTP
 * status and the registry's {@code error_code} and {@code message}. A registry that cannot answer
 * (connection refused, reset or timed out; HTTP 5xx) is asked again with exponential back-off
 * ({@link RegistryRetryPolicy}); when every attempt failed the call throws
 * {@link SchemaRegistryUnavailableException}, which workers treat as "retry later". Any other reply
 * fails at once, never retried: 404 → {@link SchemaNotFoundException}, 409 →
 * {@link IncompatibleSchemaException}, any other status (401 and 403 too, with a hint about the
 * credentials) → {@link SchemaRegistryException}.
 *
 * <p>Authentication and TLS come from {@link RegistryClientSettings}: HTTP basic auth on every request,
 * the trust store and client key store of an https registry. Thread-safe.
 */
public final class RestSchemaRegistryClient implements SchemaRegistry {
    /** Content type of requests (and of the embedded registry's replies). */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

    private final URI baseUrl;
    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final RegistryRetryPolicy retry;
    private final RegistryClientSettings settings;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * A client of the registry at {@code baseUrl}, e.g. {@code http://127.0.0.1:8081}, retrying as the
     * system properties say ({@link RegistryRetryPolicy#fromSystemProperties()}).
     */
    public RestSchemaRegistryClient(String baseUrl) {
        this(baseUrl, RegistryRetryPolicy.fromSystemProperties());
    }

    /** A client of the registry at {@code baseUrl} that retries unanswered calls by {@code retry}. */
    public RestSchemaRegistryClient(String baseUrl, RegistryRetryPolicy retry) {
        this(baseUrl, RegistryClientSettings.NONE, retry);
    }

    /**
     * A client of the registry at {@code baseUrl} that authenticates and trusts it as {@code settings} say,
     * retrying unanswered calls by {@code retry}.
     */
    public RestSchemaRegistryClient(String baseUrl, RegistryClientSettings settings, RegistryRetryPolicy retry) {
        this(parseUrl(baseUrl), httpClient(settings), DEFAULT_TIMEOUT, retry, settings);
    }

    public RestSchemaRegistryClient(URI baseUrl, HttpClient http, Duration timeout) {
        this(baseUrl, http, timeout, RegistryRetryPolicy.fromSystemProperties());
    }

    /**
     * @param timeout per request (each attempt)
     * @param retry   how unanswered calls are retried
     */
    public RestSchemaRegistryClient(URI baseUrl, HttpClient http, Duration timeout, RegistryRetryPolicy retry) {
        this(baseUrl, http, timeout, retry, RegistryClientSettings.NONE);
    }

    /**
     * @param settings basic auth sent with every request ({@code http}'s TLS context is used as it is)
     */
    public RestSchemaRegistryClient(URI baseUrl, HttpClient http, Duration timeout, RegistryRetryPolicy retry,
                                    RegistryClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        String text = baseUrl.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** A cached client of the registry at {@code baseUrl}: one HTTP call per schema per process. */
    public static SchemaRegistry cached(String baseUrl) {
        return new CachingSchemaRegistry(new RestSchemaRegistryClient(baseUrl));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** How unanswered calls are retried. */
    public RegistryRetryPolicy retryPolicy() {
        return retry;
    }

    /** One line for start-up logs: the URL, the authentication and the retry policy. */
    public String describe() {
        return "schema registry " + base + " (" + settings.describe() + ", " + retry.describe() + ", request timeout "
                + timeout.toSeconds() + " s)";
    }

    private static HttpClient httpClient(RegistryClientSettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if (settings.hasSsl()) {
            builder.sslContext(settings.sslContext());
        }
        return builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        String what = "subject '" + subject + "', schema " + schema.getFullName();
        JsonNode reply = call("POST", "/subjects/" + encode(subject) + "/versions", body.toString(), what);
        JsonNode id = reply.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw badReply("POST", "/subjects/" + encode(subject) + "/versions", what, "no integer \"id\" in " + reply);
        }
        return id.intValue();
    }

    @Override
    public Optional<SubjectVersion> lookup(String subject, Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        String path = "/subjects/" + encode(subject);
        String what = "lookup of schema " + schema.getFullName() + " in subject '" + subject + "'";
        JsonNode reply;
        try {
            reply = call("POST", path, body.toString(), what);
        } catch (SchemaNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(subjectVersion(reply, subject, "POST", path, what));
    }

    @Override
    public Schema schemaById(int id) {
        String path = "/schemas/ids/" + id;
        String what = "schema id " + id;
        return parseSchema(call("GET", path, null, what), "GET", path, what);
    }

    @Override
    public List<String> subjects() {
        JsonNode reply = call("GET", "/subjects", null, "all subjects");
        if (!reply.isArray()) {
            throw badReply("GET", "/subjects", "all subjects", "expected a JSON array, got " + reply);
        }
        List<String> subjects = new ArrayList<>(reply.size());
        reply.forEach(node -> subjects.add(node.asText()));
        subjects.sort(null);
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        String path = "/subjects/" + encode(subject) + "/versions";
        String what = "subject '" + subject + "'";
        JsonNode reply = call("GET", path, null, what);
        if (!reply.isArray()) {
            throw badReply("GET", path, what, "expected a JSON array, got " + reply);
        }
        List<Integer> versions = new ArrayList<>(reply.size());
        reply.forEach(node -> versions.add(node.intValue()));
        versions.sort(null);
        return versions;
    }

    @Override
    public SubjectVersion version(String subject, int version) {
        return fetchVersion(subject, String.valueOf(version));
    }

    @Override
    public SubjectVersion latest(String subject) {
        return fetchVersion(subject, "latest");
    }

    private SubjectVersion fetchVersion(String subject, String version) {
        String path = "/subjects/" + encode(subject) + "/versions/" + version;
        String what = "subject '" + subject + "' version " + version;
        return subjectVersion(call("GET", path, null, what), subject, "GET", path, what);
    }

    private SubjectVersion subjectVersion(JsonNode reply, String subject, String method, String path, String what) {
        JsonNode v = reply.get("version");
        JsonNode id = reply.get("id");
        if (v == null || id == null || !v.canConvertToInt() || !id.canConvertToInt()) {
            throw badReply(method, path, what, "expected \"version\" and \"id\" in " + reply);
        }
        String replySubject = reply.hasNonNull("subject") ? reply.get("subject").asText() : subject;
        return new SubjectVersion(replySubject, v.intValue(), id.intValue(), parseSchema(reply, method, path, what));
    }

    private Schema parseSchema(JsonNode reply, String method, String path, String what) {
        JsonNode type = reply.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw badReply(method, path, what, "schemaType is " + type.asText() + ", only AVRO is supported");
        }
        JsonNode text = reply.get("schema");
        if (text == null || !text.isTextual()) {
            throw badReply(method, path, what, "no \"schema\" string in " + reply);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("schema registry " + method + " " + base + path + " (" + what
                    + ") returned a schema Avro cannot parse: " + e.getMessage(), e);
        }
    }

    private JsonNode call(String method, String path, String body, String what) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", ACCEPT);
        settings.authorization().ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                String problem = "schema registry " + method + " " + uri + " (" + what + ") failed: " + e;
                backOffOrGiveUp(attempt, started, problem, 0, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("interrupted during schema registry " + method + " " + uri
                        + " (" + what + ")", e);
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                try {
                    return json.readTree(response.body());
                } catch (JsonProcessingException e) {
                    throw badReply(method, path, what, "reply is not JSON: " + abbreviate(response.body()));
                }
            }
            SchemaRegistryException error = httpError(method, uri, what, status, response.body());
            if (status < 500) {
                throw error; // 4xx: the request is wrong; asking again gives the same answer
            }
            backOffOrGiveUp(attempt, started, error.getMessage(), status, null);
        }
    }

    /** Sleeps before the next attempt, or throws {@link SchemaRegistryUnavailableException} when none is left. */
    private void backOffOrGiveUp(int attempt, long startedNanos, String problem, int status, Throwable cause) {
        if (attempt >= retry.attempts()) {
            String tried = retry.attempts() == 1 ? "" : String.format(Locale.ROOT, "; gave up after %d attempts in %.1f s (%s)",
                    attempt, (System.nanoTime() - startedNanos) / 1e9, retry.describe());
            throw new SchemaRegistryUnavailableException(problem + tried, status, cause);
        }
        Duration wait = retry.backoff(attempt);
        LOG.debug("{}; attempt {} of {}, retrying in {} ms", problem, attempt, retry.attempts(), wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(problem + "; interrupted while waiting to retry", status, cause);
        }
    }

    private SchemaRegistryException httpError(String method, URI uri, String what, int status, String body) {
        String registryMessage = abbreviate(body);
        String errorCode = "";
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                registryMessage = error.get("message").asText();
            }
            if (error != null && error.hasNonNull("error_code")) {
                errorCode = ", error_code " + error.get("error_code").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: keep the raw body as the message
        }
        String message = "schema registry " + method + " " + uri + " (" + what + ") failed: HTTP " + status
                + errorCode + ": " + registryMessage;
        if (status == 401 || status == 403) {
            message += status == 401 && settings.userInfo().isEmpty()
                    ? "; the registry wants credentials: give --registry-user (and its password) or "
                            + RegistryClientSettings.USER_INFO + "=user:password in --kafka-config"
                    : "; the registry refused the credentials of " + settings.describe();
        }
        if (status == 404) {
            return new SchemaNotFoundException(message, status);
        }
        if (status == 409) {
            return new IncompatibleSchemaException(message, status);
        }
        return new SchemaRegistryException(message, status, null);
    }

    private SchemaRegistryException badReply(String method, String path, String what, String problem) {
        return new SchemaRegistryException("schema registry " + method + " " + base + path + " (" + what
                + ") gave an unexpected reply: " + problem);
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        return body.length() <= 500 ? body : body.substring(0, 500) + "...";
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static URI parseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl + "' is not a URL: " + e.getMessage()
                    + "; expected e.g. http://127.0.0.1:8081", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL '" + baseUrl
                    + "' must be http://host:port or https://host:port, e.g. http://127.0.0.1:8081");
        }
        return uri;
    }
}
