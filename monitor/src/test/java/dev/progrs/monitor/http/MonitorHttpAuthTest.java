package dev.progrs.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monitor's optional basic auth (every path) and its warning when bound beyond loopback. */
class MonitorHttpAuthTest {
    private static MonitorMetrics metrics;
    private static MonitorHttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        metrics = new MonitorMetrics();
        server = MonitorHttpServer.start("127.0.0.1", 0, Optional.of(new HttpCredentials("ops", "pa55")), new MonitorHistory(10),
                metrics);
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    private static int status(String path, String userInfo) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path)).GET();
        if (userInfo != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void everyPathWantsTheCredentials() throws Exception {
        for (String path : new String[] {"/", "/metrics", "/api/series"}) {
            assertEquals(401, status(path, null), path);
            assertEquals(401, status(path, "ops:guess"), path);
            assertEquals(200, status(path, "ops:pa55"), path);
        }
    }

    @Test
    void aWildcardOrLanAddressIsWarnedAboutAndLoopbackIsNot() {
        assertTrue(MonitorHttpServer.exposureWarning("127.0.0.1", false).isEmpty());
        assertTrue(MonitorHttpServer.exposureWarning("localhost", false).isEmpty());
        String open = MonitorHttpServer.exposureWarning("0.0.0.0", false).orElseThrow();
        assertTrue(open.contains("0.0.0.0") && open.contains("--http-user"), open);
        String guarded = MonitorHttpServer.exposureWarning("192.168.1.20", true).orElseThrow();
        assertTrue(guarded.contains("plain HTTP"), guarded);
    }

    @Test
    void aUserWithoutAPasswordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HttpCredentials("ops", ""));
        assertTrue(e.getMessage().contains(HttpCredentials.PASSWORD_ENV), e.getMessage());
    }
}
