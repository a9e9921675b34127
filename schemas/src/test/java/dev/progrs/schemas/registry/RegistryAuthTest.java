package dev.progrs.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST client's basic auth and TLS against small JDK servers that want them: a registry that
 * answers 401 without the right {@code Authorization} header, and one on https with the test-only
 * certificate of {@code src/test/resources/tls}.
 */
class RegistryAuthTest {
    private static final String EXPECTED = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final RegistryRetryPolicy THREE_QUICK = new RegistryRetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(10));
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(HttpServer s) {
        server = s;
        s.createContext("/subjects", this::answer);
        s.start();
        String scheme = s instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + s.getAddress().getPort();
    }

    private void answer(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            boolean allowed = EXPECTED.equals(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (allowed ? "[\"progrs.prompts-value\"]" : "{\"error_code\":401,\"message\":\"Unauthorized\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(allowed ? 200 : 401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Test
    void basicAuthFromTheConfluentKeysIsSentWithEveryRequest() throws IOException {
        String url = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        RegistryClientSettings settings = RegistryClientSettings.fromProperties(Map.of(
                RegistryClientSettings.CREDENTIALS_SOURCE, "USER_INFO", RegistryClientSettings.USER_INFO, "alice:s3cret"));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, settings, THREE_QUICK);
        assertEquals(List.of("progrs.prompts-value"), client.subjects());
        assertTrue(client.describe().contains("basic auth as alice"), client.describe());
        assertTrue(!client.describe().contains("s3cret"), client.describe());
    }

    @Test
    void aRegistryThatWantsCredentialsFailsAtOnceWithAHint() throws IOException {
        String url = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, RegistryClientSettings.NONE, THREE_QUICK);
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, client::subjects);
        assertEquals(1, requests.get(), "a 401 is not retried");
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("--registry-user"), e.getMessage());
    }

    @Test
    void wrongCredentialsAreNamedWithoutThePassword() throws IOException {
        String url = serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(url, RegistryClientSettings.NONE.withUser("alice", "wrong"),
                THREE_QUICK);
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, client::subjects);
        assertTrue(e.getMessage().contains("refused the credentials of basic auth as alice"), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), e.getMessage());
    }

    @Test
    void anHttpsRegistryIsTrustedThroughTheTrustStoreSettings(@TempDir Path dir) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        String url = serve(https);
        Path trust = copy("/tls/trust.p12", dir);
        RegistryClientSettings settings = RegistryClientSettings.fromProperties(Map.of(
                RegistryClientSettings.USER_INFO, "alice:s3cret",
                RegistryClientSettings.SSL_PREFIX + "truststore.location", trust.toString(),
                RegistryClientSettings.SSL_PREFIX + "truststore.password", "test-only",
                RegistryClientSettings.SSL_PREFIX + "truststore.type", "PKCS12"));
        assertEquals(List.of("progrs.prompts-value"), new RestSchemaRegistryClient(url, settings, THREE_QUICK).subjects());

        // without the trust store the JVM's CAs do not know the self-signed certificate
        RestSchemaRegistryClient untrusting = new RestSchemaRegistryClient(url, RegistryClientSettings.NONE.withUser("alice", "s3cret"),
                new RegistryRetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, untrusting::subjects);
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("certif")
                || e.getMessage().contains("SSL") || e.getMessage().contains("PKIX"), e.getMessage());
    }

    @Test
    void badSettingsNameTheKeyAndWhatIsAccepted() {
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class, () -> RegistryClientSettings.fromProperties(
                Map.of(RegistryClientSettings.CREDENTIALS_SOURCE, "SASL_INHERIT")));
        assertTrue(source.getMessage().contains("SASL_INHERIT") && source.getMessage().contains("USER_INFO"), source.getMessage());
        IllegalArgumentException userInfo = assertThrows(IllegalArgumentException.class, () -> RegistryClientSettings.fromProperties(
                Map.of(RegistryClientSettings.USER_INFO, "alice")));
        assertTrue(userInfo.getMessage().contains("user:password"), userInfo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RegistryClientSettings(Optional.empty(),
                Map.of("truststore.locaton", "/x")));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> RegistryClientSettings.fromProperties(
                Map.of(RegistryClientSettings.SSL_PREFIX + "truststore.location", "/no/such/trust.p12")).sslContext());
        assertTrue(missing.getMessage().contains("/no/such/trust.p12"), missing.getMessage());
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = RegistryAuthTest.class.getResourceAsStream("/tls/server.p12")) {
            store.load(in, "test-only".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "test-only".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static Path copy(String resource, Path dir) throws IOException {
        Path file = dir.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = RegistryAuthTest.class.getResourceAsStream(resource)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
