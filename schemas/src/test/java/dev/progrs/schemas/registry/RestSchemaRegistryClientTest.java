package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.TestSchemas;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against real HTTP servers: the registry's REST API over a {@link SchemaStore},
 * and small JDK servers in this test that answer what a failing or foreign registry would (to see
 * which replies are retried and which fail at once).
 */
class RestSchemaRegistryClientTest {
    private static final String TRAJECTORIES = Subjects.value(Topics.TRAJECTORIES);
    private final ObjectMapper json = new ObjectMapper();
    private SchemaStore store;
    private SchemaRegistryHttpServer readSide;
    private RestSchemaRegistryClient client;
    private HttpServer writeSide;

    @BeforeEach
    void start() {
        store = new SchemaStore();
        store.register(Subjects.value(Topics.PROMPTS), Prompt.getClassSchema());
        store.register(TRAJECTORIES, Trajectory.getClassSchema());
        store.register(TRAJECTORIES, TestSchemas.load("/evolution/TrajectoryV2.avsc"));
        readSide = SchemaRegistryHttpServer.start(store, 0);
        client = new RestSchemaRegistryClient(readSide.url());
    }

    @AfterEach
    void stop() {
        readSide.close();
        if (writeSide != null) {
            writeSide.stop(0);
        }
    }

    @Test
    void theReadSideListensOnLoopback() {
        assertTrue(readSide.url().startsWith("http://127.0.0.1:"), readSide.url());
        assertTrue(readSide.port() > 0);
    }

    @Test
    void subjectsVersionsAndSchemasComeBackAsRegistered() {
        assertEquals(List.of("progrs.prompts-value", TRAJECTORIES), client.subjects());
        assertEquals(List.of(1, 2), client.versions(TRAJECTORIES));
        assertEquals(store.version(TRAJECTORIES, 1), client.version(TRAJECTORIES, 1));
        SubjectVersion latest = client.latest(TRAJECTORIES);
        assertEquals(store.latest(TRAJECTORIES), latest);
        assertEquals(3, latest.id());
        assertEquals(Prompt.getClassSchema(), client.schemaById(1));
    }

    @Test
    void theLatestVersionHasTheConfluentJsonShape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(readSide.url() + "/subjects/" + TRAJECTORIES + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(RestSchemaRegistryClient.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json.readTree(response.body());
        assertEquals(TRAJECTORIES, body.get("subject").asText());
        assertEquals(2, body.get("version").asInt());
        assertEquals(3, body.get("id").asInt());
        assertEquals(store.schemaById(3), new Schema.Parser().parse(body.get("schema").asText()));
    }

    @Test
    void recordsWrittenHereDecodeThroughTheRestClient() {
        byte[] bytes = AvroSerde.of(ScoredTrajectory.class, store).serializer()
                .serialize(Topics.SCORED, SampleRecords.scoredTrajectory());
        AvroSerde<ScoredTrajectory> remote = AvroSerde.of(ScoredTrajectory.class, RestSchemaRegistryClient.cached(readSide.url()));
        assertEquals(SampleRecords.scoredTrajectory(), remote.deserializer().deserialize(Topics.SCORED, bytes));
    }

    @Test
    void anUnknownIdIsNotFoundNamingTheUrlTheIdAndTheRegistryMessage() {
        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.schemaById(99));
        assertEquals(404, e.httpStatus());
        assertTrue(e.getMessage().contains("GET " + readSide.url() + "/schemas/ids/99"), e.getMessage());
        assertTrue(e.getMessage().contains("schema id 99"), e.getMessage());
        assertTrue(e.getMessage().contains("error_code 40403: Schema 99 not found"), e.getMessage());
    }

    @Test
    void anUnknownSubjectOrVersionIsNotFoundWithConfluentErrorCodes() {
        SchemaNotFoundException subject = assertThrows(SchemaNotFoundException.class, () -> client.versions("nope-value"));
        assertTrue(subject.getMessage().contains("error_code 40401"), subject.getMessage());
        SchemaNotFoundException version = assertThrows(SchemaNotFoundException.class, () -> client.version(TRAJECTORIES, 7));
        assertTrue(version.getMessage().contains("error_code 40402"), version.getMessage());
        assertTrue(version.getMessage().contains("subject '" + TRAJECTORIES + "' version 7"), version.getMessage());
    }

    @Test
    void registerOverHttpReturnsTheStoresIdAndIsIdempotent() {
        int id = client.register(Subjects.value(Topics.SCORED), ScoredTrajectory.getClassSchema());

        assertEquals(4, id, "the next global id after the three registered in start()");
        assertEquals(4, client.register(Subjects.value(Topics.SCORED), ScoredTrajectory.getClassSchema()), "same schema, same id");
        assertEquals(List.of(1), store.versions(Subjects.value(Topics.SCORED)), "one version, not two");
        assertEquals(ScoredTrajectory.getClassSchema(), store.schemaById(4));
    }

    @Test
    void lookupFindsTheVersionHoldingASchemaAndRegistersNothing() {
        assertEquals(Optional.of(store.version(TRAJECTORIES, 1)), client.lookup(TRAJECTORIES, Trajectory.getClassSchema()));
        assertEquals(Optional.empty(), client.lookup(TRAJECTORIES, Prompt.getClassSchema()), "not in this subject");
        assertEquals(Optional.empty(), client.lookup("nope-value", Prompt.getClassSchema()), "no such subject");
        assertEquals(List.of("progrs.prompts-value", TRAJECTORIES), store.subjects(), "nothing registered");
    }

    @Test
    void aSchemaTheCompatibilityRuleRefusesOverHttpIsAnIncompatibleSchemaException() {
        Schema bad = TestSchemas.load("/evolution/TrajectoryRequiredField.avsc");

        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class, () -> client.register(TRAJECTORIES, bad));

        assertEquals(409, e.httpStatus());
        assertTrue(e.getMessage().contains("POST " + readSide.url() + "/subjects/" + TRAJECTORIES + "/versions"), e.getMessage());
        assertTrue(e.getMessage().contains("not BACKWARD compatible"), e.getMessage());
        assertEquals(List.of(1, 2), store.versions(TRAJECTORIES), "the subject keeps its versions");
    }

    @Test
    void aClientErrorFailsAtOnceWithTheUrlTheStatusAndTheRegistrysMessage() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = startWriteSide(exchange -> {
            calls.incrementAndGet();
            return new Reply(401, "{\"error_code\":40101,\"message\":\"Unauthorized: no credentials\"}");
        });

        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> new RestSchemaRegistryClient(url, quickRetries()).register("progrs.scored-value", ScoredTrajectory.getClassSchema()));

        assertEquals(1, calls.get(), "a 4xx reply is never retried");
        assertFalse(e instanceof SchemaRegistryUnavailableException, "a 4xx is not an outage: " + e);
        assertEquals(401, e.httpStatus());
        assertTrue(e.getMessage().contains("POST " + url + "/subjects/progrs.scored-value/versions"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 401, error_code 40101: Unauthorized: no credentials"), e.getMessage());
    }

    @Test
    void aServerErrorIsRetriedWithBackOffUntilTheRegistryAnswers() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = startWriteSide(exchange -> calls.incrementAndGet() <= 2
                ? new Reply(503, "{\"error_code\":50003,\"message\":\"restarting\"}")
                : new Reply(200, "{\"schema\":" + json.writeValueAsString(Prompt.getClassSchema().toString()) + "}"));

        Schema schema = new RestSchemaRegistryClient(url, quickRetries()).schemaById(1);

        assertEquals(Prompt.getClassSchema(), schema);
        assertEquals(3, calls.get(), "two 503s, then the answer");
    }

    @Test
    void aServerErrorOnEveryAttemptIsUnavailableNamingTheAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String url = startWriteSide(exchange -> {
            calls.incrementAndGet();
            return new Reply(500, "upstream exploded");
        });

        SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
                () -> new RestSchemaRegistryClient(url, quickRetries()).schemaById(4));

        assertEquals(3, calls.get());
        assertEquals(500, e.httpStatus());
        assertTrue(e.getMessage().contains("GET " + url + "/schemas/ids/4"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 500: upstream exploded"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    }

    @Test
    void registerPostsTheSchemaAsJsonAndReturnsTheId() throws Exception {
        AtomicReference<String> method = new AtomicReference<>();
        AtomicReference<String> path = new AtomicReference<>();
        AtomicReference<String> contentType = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        String url = startWriteSide(exchange -> {
            method.set(exchange.getRequestMethod());
            path.set(exchange.getRequestURI().getRawPath());
            contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            return new Reply(200, "{\"id\":7}");
        });

        int id = new RestSchemaRegistryClient(url).register("progrs.scored-value", ScoredTrajectory.getClassSchema());

        assertEquals(7, id);
        assertEquals("POST", method.get());
        assertEquals("/subjects/progrs.scored-value/versions", path.get());
        assertEquals(RestSchemaRegistryClient.CONTENT_TYPE, contentType.get());
        JsonNode sent = json.readTree(body.get());
        assertEquals(1, sent.size(), "only the schema is sent: " + body.get());
        assertEquals(ScoredTrajectory.getClassSchema().toString(), sent.get("schema").asText());
    }

    @Test
    void anIncompatibleSchemaReplyBecomesAnIncompatibleSchemaException() throws Exception {
        String url = startWriteSide(exchange -> new Reply(409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));

        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> new RestSchemaRegistryClient(url).register("progrs.scored-value", ScoredTrajectory.getClassSchema()));

        assertEquals(409, e.httpStatus());
        assertTrue(e.getMessage().contains("POST " + url + "/subjects/progrs.scored-value/versions"), e.getMessage());
        assertTrue(e.getMessage().contains("subject 'progrs.scored-value'"), e.getMessage());
        assertTrue(e.getMessage().contains("incompatible with an earlier schema"), e.getMessage());
    }

    @Test
    void anUnreachableRegistryIsUnavailableNamingTheUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
                () -> new RestSchemaRegistryClient(url, quickRetries()).subjects());
        assertEquals(0, e.httpStatus());
        assertTrue(e.getMessage().contains("GET " + url + "/subjects"), e.getMessage());
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    }

    @Test
    void aMalformedUrlIsRefusedWithAnExample() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RestSchemaRegistryClient("localhost:8081"));
        assertTrue(e.getMessage().contains("http://127.0.0.1:8081"), e.getMessage());
    }

    /** Three attempts, 10 ms then 20 ms apart. */
    private static RegistryRetryPolicy quickRetries() {
        return new RegistryRetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));
    }

    private record Reply(int status, String body) {
    }

    private interface Handler {
        Reply handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private String startWriteSide(Handler handler) throws IOException {
        writeSide = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        writeSide.createContext("/", exchange -> {
            try (exchange) {
                Reply reply = handler.handle(exchange);
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE);
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        writeSide.start();
        return "http://127.0.0.1:" + writeSide.getAddress().getPort();
    }
}
