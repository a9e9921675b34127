package dev.progrs.monitor.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.progrs.monitor.history.MonitorHistory;
import dev.progrs.monitor.metrics.MonitorMetrics;
import dev.progrs.monitor.window.WindowMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard rendered by a real browser: headless Chromium (Debian packages {@code chromium} and
 * {@code chromium-driver}) loads the page from the running server, the page's JS fetches
 * /api/series and draws one SVG chart per series with the alerts marked, and the browser console
 * stays free of errors. Fails (does not skip) when Chromium is not installed.
 */
class DashboardInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path profile;

    /** Polls until the page says it drew {@code windows} windows (set by its render function). */
    private static void waitForWindows(ChromeDriver driver, String windows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object seen = null;
        while (System.nanoTime() < deadline) {
            seen = ((JavascriptExecutor) driver).executeScript("return document.body.getAttribute('data-windows')");
            if (windows.equals(seen)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        fail("the dashboard did not render " + windows + " windows within " + timeout + " (saw " + seen + "); status: "
                + driver.findElement(By.id("status")).getText());
    }

    @Test
    void dashboardDrawsAChartPerSeriesWithAlertsMarkedAndNoConsoleErrors() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the dashboard test needs headless Chromium at " + CHROMIUM + " and its driver at " + CHROMEDRIVER
                    + "; install them with: sudo apt-get install -y chromium chromium-driver");
        }
        MonitorHistory history = new MonitorHistory(1000);
        try (MonitorMetrics metrics = new MonitorMetrics()) {
            MonitorFixtures.fill(history, metrics, 60);
            List<String> signals = List.copyOf(history.windows().get(59).metrics().series().keySet());
            // the synthetic stream is not the built-in suite: the gold-checked series have no value to draw
            Set<String> withValues = new HashSet<>();
            history.windows().forEach(w -> w.metrics().series().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    withValues.add(k);
                }
            }));
            assertTrue(withValues.size() > 10 && !withValues.contains(WindowMetrics.SKIP_RATE), "fixture series: " + withValues);
            long alertedSignals = history.alerts().stream().map(a -> a.getSignal().toString()).distinct().count();
            assertTrue(alertedSignals > 0, "fixture has alerts");
            try (MonitorHttpServer server = MonitorHttpServer.start("127.0.0.1", 0, history, metrics)) {
                ChromeDriverService service = new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
                ChromeOptions options = new ChromeOptions();
                options.setBinary(CHROMIUM.toFile());
                options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath());
                LoggingPreferences logs = new LoggingPreferences();
                logs.enable(LogType.BROWSER, Level.ALL);
                options.setCapability("goog:loggingPrefs", logs);
                ChromeDriver driver = new ChromeDriver(service, options);
                try {
                    driver.get(server.url() + "/");
                    waitForWindows(driver, "60", Duration.ofSeconds(20));
                    // one atomic snapshot of the drawn page (it redraws every 2 s, so element handles go stale)
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> charts = (List<Map<String, Object>>) ((JavascriptExecutor) driver).executeScript(
                            "return Array.from(document.querySelectorAll('svg.chart')).map(c => ({"
                                    + " signal: c.getAttribute('data-signal'),"
                                    + " lines: c.querySelectorAll('path.line').length,"
                                    + " points: c.querySelector('path.line') ? c.querySelector('path.line').getAttribute('d').split(/[ML]/).length - 1 : 0,"
                                    + " alerts: c.querySelectorAll('.alert-marker').length }));");
                    assertEquals(signals, charts.stream().map(c -> (String) c.get("signal")).toList(), "one chart per series");
                    for (Map<String, Object> c : charts) {
                        if (!withValues.contains((String) c.get("signal"))) {
                            assertEquals(0L, c.get("lines"), "a series without values draws no line: " + c);
                            continue;
                        }
                        assertEquals(1L, c.get("lines"), "series line drawn: " + c);
                        assertTrue(((Number) c.get("points")).longValue() > 10, "the line has the windows' points: " + c);
                    }
                    long markedCharts = charts.stream().filter(c -> ((Number) c.get("alerts")).longValue() > 0).count();
                    assertEquals(alertedSignals, markedCharts, "every alerted series shows its alert markers: " + charts);
                    Number alertRows = (Number) ((JavascriptExecutor) driver).executeScript(
                            "return document.querySelectorAll('#alerts tbody tr').length;");
                    assertEquals(history.alerts().size(), alertRows.intValue(), "one row per alert");
                    List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
                    List<String> errors = entries.stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                            .map(LogEntry::getMessage).toList();
                    System.out.println("[dashboard] " + charts.size() + " charts, " + markedCharts + " with alert markers, "
                            + entries.size() + " console entries, " + errors.size() + " errors");
                    assertEquals(List.of(), errors, "browser console errors");
                    // the console channel itself works: an error logged now is seen
                    ((JavascriptExecutor) driver).executeScript("console.error('probe-from-test');");
                    assertTrue(driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                            .anyMatch(e -> e.getLevel() == Level.SEVERE && e.getMessage().contains("probe-from-test")),
                            "console errors are captured");
                } finally {
                    driver.quit();
                    service.close();
                }
            }
        }
    }
}
