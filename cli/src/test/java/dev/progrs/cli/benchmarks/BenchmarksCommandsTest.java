package dev.progrs.cli.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.progrs.cli.CommandRun;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code progrs benchmarks fetch|list} and the first-use fetch of {@code eval} and {@code tasks
 * sample}, with the cache in a temporary {@code PROGRS_HOME} and the sources replaced by a loopback
 * mirror (system properties {@code progrs.home}, {@code progrs.benchmarks.mirror}), so nothing
 * leaves the machine. The success path needs the real bytes: it runs where
 * {@code PROGRS_BENCHMARKS_DIR} holds them and is skipped otherwise.
 */
@Timeout(120)
class BenchmarksCommandsTest {

    private static final String HOME = BenchmarkSettings.propertyName(BenchmarkSettings.HOME_VARIABLE);
    private static final String DIR = BenchmarkSettings.propertyName(BenchmarkSettings.DIR_VARIABLE);
    private static final String MIRROR = BenchmarkSettings.propertyName(BenchmarkSettings.MIRROR_VARIABLE);
    /** The full benchmark files, read before the tests blank the variable's property. */
    private static final BenchmarkSettings FULL = BenchmarkSettings.fromEnvironment(null);

    @TempDir
    Path tmp;

    private Path cache;
    private HttpServer server;

    @BeforeEach
    void isolate() {
        System.setProperty(HOME, tmp.resolve("home").toString());
        System.setProperty(DIR, "");
        cache = tmp.resolve("home/benchmarks");
    }

    @AfterEach
    void restore() {
        System.clearProperty(HOME);
        System.clearProperty(DIR);
        System.clearProperty(MIRROR);
        if (server != null) {
            server.stop(0);
        }
    }

    /** A loopback mirror serving {@code files} (file name → bytes), 404 for anything else. */
    private void mirror(Map<String, byte[]> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath().substring(1));
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        System.setProperty(MIRROR, "http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void fetchRejectsAnUnknownNameWithTheAcceptedOnes() {
        CommandRun r = CommandRun.of("benchmarks", "fetch", "math5000");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown benchmark 'math5000'; accepted: math500, aime24, amc23, minerva, olympiadbench, gsm8k"),
                r.err());
    }

    @Test
    void listShowsTheCacheEveryBenchmarkAndItsPinnedSource() {
        CommandRun r = CommandRun.of("benchmarks", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("commands read benchmarks from the cache " + cache), r.out());
        assertEquals(6, java.util.regex.Pattern.compile("(?m)^\\S+ +missing +- ").matcher(r.out()).results().count(), r.out());
        assertTrue(r.out().contains(Benchmark.AIME24.source().url().toString())
                && r.out().contains(Benchmark.AIME24.source().sha256()), r.out());
    }

    @Test
    void evalWithAnEmptyCacheOfflineFailsAtOnceWithTheUrlTheHashAndTheManualStep() throws Exception {
        int port = closedPort();
        System.setProperty(MIRROR, "http://127.0.0.1:" + port);
        Path preds = Files.writeString(tmp.resolve("preds.jsonl"), "{\"index\": 0, \"output\": \"\\\\boxed{1}\"}\n");
        long t0 = System.nanoTime();
        CommandRun r = CommandRun.of("eval", "--benchmark", "math500", "--predictions", preds.toString());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "fails at once");
        assertEquals(1, r.code(), r.err());
        String url = "http://127.0.0.1:" + port + "/math500.jsonl";
        assertTrue(r.err().contains("progrs: math500 is not in the cache yet; fetching it once from " + url), r.err());
        assertTrue(r.err().contains("cannot reach " + url) && r.err().contains(Benchmark.MATH500.source().sha256())
                && r.err().contains("To place the file by hand") && r.err().contains(cache.resolve("math500.jsonl").toString())
                && r.err().contains("--benchmarks-dir DIR"), r.err());
        assertFalse(Files.exists(cache.resolve("math500.jsonl")));
        assertFalse(Files.exists(cache.resolve("math500.jsonl.part")));
    }

    @Test
    void fetchRejectsBytesWithAnotherHashAndKeepsNothing() throws Exception {
        mirror(Map.of("aime24.jsonl", "{\"id\": 1, \"problem\": \"not the real file\", \"answer\": \"1\"}\n".getBytes(StandardCharsets.UTF_8)));
        CommandRun r = CommandRun.of("benchmarks", "fetch", "aime24", "amc23");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("aime24: the server at http://127.0.0.1:") && r.err().contains("not the file with sha256 "
                + Benchmark.AIME24.source().sha256()) && r.err().contains("discarded"), r.err());
        assertTrue(r.err().contains("amc23: GET http://127.0.0.1:") && r.err().contains("answered HTTP 404"), "went on to the next: " + r.err());
        assertFalse(Files.exists(cache.resolve("aime24.jsonl")));
        assertFalse(Files.exists(cache.resolve("aime24.jsonl.part")));
    }

    @Test
    void evalAndSampleReadALocalDirectoryWithoutFetching() throws Exception {
        Path local = Files.createDirectory(tmp.resolve("local"));
        Files.writeString(local.resolve("math500.jsonl"), """
                {"problem": "What is $2+2$?", "solution": "$\\\\boxed{4}$", "answer": "4", "subject": "Prealgebra", "level": 1, "unique_id": "test/prealgebra/1.json"}
                {"problem": "What is $3 \\\\cdot 3$?", "solution": "$\\\\boxed{9}$", "answer": "9", "subject": "Prealgebra", "level": 1, "unique_id": "test/prealgebra/2.json"}
                """);
        Path preds = Files.writeString(tmp.resolve("preds.jsonl"), "{\"id\": \"test/prealgebra/1.json\", \"output\": \"Answer: 4\"}\n");
        System.setProperty(MIRROR, "http://127.0.0.1:" + closedPort());
        CommandRun e = CommandRun.of("eval", "--benchmark", "math500", "--predictions", preds.toString(), "--benchmarks-dir", local.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("math500: Pass@1 50.0% over 2 problems"), e.out());
        assertFalse(e.err().contains("fetching"), e.err());
        System.setProperty(DIR, local.toString());
        CommandRun s = CommandRun.of("tasks", "sample", "--suite", "math500", "--n", "1");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("# math500/test/prealgebra/") && s.out().contains("gold: "), s.out());
        CommandRun missing = CommandRun.of("tasks", "sample", "--suite", "gsm8k", "--n", "1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains(local.resolve("gsm8k_test.jsonl") + " does not exist (directory from PROGRS_BENCHMARKS_DIR)"),
                missing.err());
    }

    @Test
    void fetchDownloadsWithAProgressBarAndEvalThenReadsTheCache() throws Exception {
        if (FULL.usesCache()) {
            System.out.println("SKIPPED full-benchmark test: PROGRS_BENCHMARKS_DIR not set (BenchmarksCommandsTest.fetchDownloads...)");
        }
        Assumptions.assumeFalse(FULL.usesCache(), "SKIPPED full-benchmark test: PROGRS_BENCHMARKS_DIR not set");
        mirror(Map.of("amc23.jsonl", Files.readAllBytes(FULL.localDir().resolve("amc23.jsonl"))));
        CommandRun f = CommandRun.of("benchmarks", "fetch", "amc23");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().startsWith("amc23") && f.out().contains("fetched") && f.out().contains(Benchmark.AMC23.source().sha256()),
                f.out());
        assertTrue(f.err().contains("amc23") && f.err().contains("KiB"), "a progress bar: " + f.err());
        assertTrue(Files.exists(cache.resolve("amc23.jsonl")));
        Path preds = Files.writeString(tmp.resolve("preds.jsonl"), "{\"index\": 0, \"output\": \"\\\\boxed{27}\"}\n");
        server.stop(0);
        server = null;
        CommandRun e = CommandRun.of("eval", "--benchmark", "amc23", "--predictions", preds.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("amc23: Pass@1 2.5% over 40 problems"), e.out());
        assertFalse(e.err().contains("fetching"), "read from the cache: " + e.err());
        CommandRun l = CommandRun.of("benchmarks", "list");
        assertTrue(l.out().matches("(?s).*\\namc23 +cached +27631 .*"), l.out());
    }
}
