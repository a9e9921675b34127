package dev.progrs.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import dev.progrs.monitor.window.WindowMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP GETs against the running server: /metrics, /api/series, the dashboard, a 404. */
class MonitorHttpServerTest {
    private static final int WINDOWS = 60;
    private static MonitorHistory history;
    private static MonitorMetrics metrics;
    private static MonitorHttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        history = new MonitorHistory(1000);
        metrics = new MonitorMetrics();
        MonitorFixtures.fill(history, metrics, WINDOWS);
        server = MonitorHttpServer.start("127.0.0.1", 0, history, metrics);
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsEndpointServesEverySignalWithTheLatestWindowsValue() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = r.body();
        var latest = history.windows().get(history.windows().size() - 1).metrics();
        for (var e : latest.series().entrySet()) {
            Matcher m = Pattern.compile("progrs_monitor_signal\\{signal=\"" + e.getKey() + "\"} (\\S+)").matcher(body);
            assertTrue(m.find(), "series " + e.getKey() + " missing from /metrics:\n" + body);
            assertEquals(e.getValue(), Double.parseDouble(m.group(1)), 1e-9, e.getKey());
        }
        assertTrue(body.contains("progrs_monitor_windows_total " + WINDOWS + ".0"), body);
        assertTrue(body.contains("progrs_monitor_alerts_total{detector="), "alerts counted:\n" + body);
    }

    @Test
    void seriesEndpointServesWindowsAndAlertsAsJson() throws Exception {
        HttpResponse<String> r = get("/api/series");
        assertEquals(200, r.statusCode());
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertEquals(WINDOWS, json.get("windows").size());
        assertEquals(WINDOWS, json.get("windowsSeen").asLong());
        assertTrue(json.get("alerts").size() > 0, "the biased half raised alerts");
        JsonNode first = json.get("windows").get(0);
        assertTrue(first.get("values").get(WindowMetrics.PRM_BIAS_INCORRECT).isNull(), "no long-run mean in window 0");
        assertEquals(history.windows().get(5).metrics().accuracy(),
                json.get("windows").get(5).get("values").get(WindowMetrics.ACCURACY).asDouble(), 1e-12);
    }

    @Test
    void rootServesTheDashboardPageAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("api/series") && page.body().contains("<svg") == false
                && page.body().contains("createElementNS"), "a self-contained page that draws SVG from JS");
        assertTrue(!page.body().contains("http://") || page.body().contains("http://www.w3.org/2000/svg"),
                "no external resources");
        assertEquals(404, get("/nope").statusCode());
    }
}
