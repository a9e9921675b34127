package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progrs.schemas.TestSchemas;
import dev.progrs.schemas.Topics;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's REST API as a Confluent client that is not ours sees it (kafkajs, Confluent's
 * serializers, curl): raw requests and the exact JSON of the replies, writes included.
 */
class SchemaRegistryHttpServerTest {
    private static final String TRAJECTORIES = Subjects.value(Topics.TRAJECTORIES);
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SchemaStore store;
    private SchemaRegistryHttpServer server;

    @BeforeEach
    void start() {
        store = new SchemaStore();
        store.register(TRAJECTORIES, Trajectory.getClassSchema());
        server = SchemaRegistryHttpServer.start(store, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postingANewSchemaRegistersItAndAnswersItsId() throws Exception {
        HttpResponse<String> r = send("POST", "/subjects/" + Subjects.value(Topics.PROMPTS) + "/versions",
                schemaRequest(Prompt.getClassSchema().toString()));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(RestSchemaRegistryClient.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"id\":2}", r.body());
        assertEquals(Prompt.getClassSchema(), store.latest(Subjects.value(Topics.PROMPTS)).schema());
    }

    @Test
    void postingASchemaTheSubjectHoldsAnswersTheSameIdAndAddsNoVersion() throws Exception {
        ObjectNode body = schemaRequest(Trajectory.getClassSchema().toString());
        body.put("schemaType", "AVRO");
        body.putArray("references");

        HttpResponse<String> r = send("POST", "/subjects/" + TRAJECTORIES + "/versions", body);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, json.readTree(r.body()).get("id").asInt());
        assertEquals(List.of(1), store.versions(TRAJECTORIES));
    }

    @Test
    void anIncompatibleSchemaIsRefusedWith409AndAConfluentErrorBody() throws Exception {
        String bad = TestSchemas.load("/evolution/TrajectoryRequiredField.avsc").toString();

        HttpResponse<String> r = send("POST", "/subjects/" + TRAJECTORIES + "/versions", schemaRequest(bad));

        assertEquals(409, r.statusCode());
        JsonNode error = json.readTree(r.body());
        assertEquals(409, error.get("error_code").asInt());
        String message = error.get("message").asText();
        assertTrue(message.contains("incompatible with an earlier schema for subject '" + TRAJECTORIES + "'"), message);
        assertTrue(message.contains("READER_FIELD_MISSING_DEFAULT_VALUE"), message);
        assertTrue(message.contains("Accepted changes: add a field with a default"), message);
        assertEquals(List.of(1), store.versions(TRAJECTORIES));
    }

    @Test
    void aSchemaAvroCannotParseIsRefusedWith422() throws Exception {
        HttpResponse<String> r = send("POST", "/subjects/x-value/versions", schemaRequest("{\"type\": \"record\", \"name\": \"X\"}"));

        assertEquals(422, r.statusCode());
        JsonNode error = json.readTree(r.body());
        assertEquals(42201, error.get("error_code").asInt());
        assertTrue(error.get("message").asText().startsWith("Invalid schema: Avro cannot parse it"), r.body());
        assertEquals(List.of(TRAJECTORIES), store.subjects(), "nothing registered");
    }

    @Test
    void aSchemaTypeOtherThanAvroIsRefusedWith422NamingWhatIsAccepted() throws Exception {
        ObjectNode body = schemaRequest("syntax = \"proto3\"; message X {}");
        body.put("schemaType", "PROTOBUF");

        HttpResponse<String> r = send("POST", "/subjects/x-value/versions", body);

        assertEquals(422, r.statusCode());
        assertTrue(json.readTree(r.body()).get("message").asText().contains("accepted: AVRO"), r.body());
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith400ShowingTheExpectedShape() throws Exception {
        HttpResponse<String> r = send("POST", "/subjects/x-value/versions", "schema=string");

        assertEquals(400, r.statusCode());
        assertTrue(json.readTree(r.body()).get("message").asText().contains("expected {\"schema\":"), r.body());
    }

    @Test
    void lookupAnswersTheVersionHoldingTheSchema() throws Exception {
        HttpResponse<String> r = send("POST", "/subjects/" + TRAJECTORIES, schemaRequest(Trajectory.getClassSchema().toString()));

        assertEquals(200, r.statusCode(), r.body());
        JsonNode found = json.readTree(r.body());
        assertEquals(TRAJECTORIES, found.get("subject").asText());
        assertEquals(1, found.get("version").asInt());
        assertEquals(1, found.get("id").asInt());
        assertEquals(Trajectory.getClassSchema().toString(), found.get("schema").asText());
    }

    @Test
    void lookupOfAnUnknownSubjectOrSchemaIsNotFoundWithConfluentCodes() throws Exception {
        HttpResponse<String> subject = send("POST", "/subjects/nope-value", schemaRequest(Prompt.getClassSchema().toString()));
        HttpResponse<String> schema = send("POST", "/subjects/" + TRAJECTORIES, schemaRequest(Prompt.getClassSchema().toString()));

        assertEquals(404, subject.statusCode());
        assertEquals(40401, json.readTree(subject.body()).get("error_code").asInt());
        assertEquals(404, schema.statusCode());
        assertEquals(40403, json.readTree(schema.body()).get("error_code").asInt());
        assertEquals(List.of(TRAJECTORIES), store.subjects(), "a lookup registers nothing");
    }

    @Test
    void deletingIsRefusedWith405BecauseStoredTopicsMustStayDecodable() throws Exception {
        HttpResponse<String> r = send("DELETE", "/subjects/" + TRAJECTORIES, null);

        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD, POST", r.headers().firstValue("Allow").orElse(""));
        assertTrue(json.readTree(r.body()).get("message").asText().contains("never deletes schemas"), r.body());
        assertEquals(List.of(1), store.versions(TRAJECTORIES));
    }

    private ObjectNode schemaRequest(String schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema);
        return body;
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", RestSchemaRegistryClient.CONTENT_TYPE).method(method, publisher).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
