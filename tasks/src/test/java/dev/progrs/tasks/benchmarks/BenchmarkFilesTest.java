package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.benchmarks.fetch.DownloadProgress;
import dev.progrs.tasks.benchmarks.fetch.FileDownload;
import dev.progrs.tasks.benchmarks.fetch.FixtureServer;
import dev.progrs.tasks.benchmarks.fetch.PinnedFile;
import dev.progrs.tasks.benchmarks.fetch.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BenchmarkFiles}: local directories as they are, the cache filled on first use. The fetch
 * tests pin the fixture's own hash, since the real files are not at hand.
 */
@Timeout(60)
class BenchmarkFilesTest {

    @TempDir
    Path tmp;

    private final List<String> notices = new ArrayList<>();
    private byte[] gsm;
    private BenchmarkSettings cacheOnly;

    private final FetchListener listener = new FetchListener() {
        @Override
        public void notice(String line) {
            notices.add(line);
        }

        @Override
        public DownloadProgress progress(Benchmark benchmark) {
            return DownloadProgress.NONE;
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        gsm = Files.readAllBytes(FixtureBenchmarks.file(Benchmark.GSM8K));
        cacheOnly = BenchmarkSettings.of(null, Map.of(BenchmarkSettings.HOME_VARIABLE, tmp.resolve("home").toString())::get, tmp);
    }

    private BenchmarkFiles files(BenchmarkSettings settings, URI url) {
        PinnedFile fixture = new PinnedFile(url, Sha256.of(gsm), gsm.length);
        return new BenchmarkFiles(settings, b -> fixture,
                new FileDownload(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), 2, Duration.ZERO), listener);
    }

    @Test
    void aLocalDirectoryIsReadAsItIsWithoutFetching() throws Exception {
        BenchmarkSettings local = BenchmarkSettings.of(FixtureBenchmarks.dir(), v -> null, tmp);
        BenchmarkFiles files = files(local, URI.create("http://127.0.0.1:9/never"));
        assertEquals(FixtureBenchmarks.dir(), files.directoryFor(Benchmark.MATH500));
        assertEquals(6, files.load(Benchmark.MATH500).size());
        assertEquals(List.of(), notices);
    }

    @Test
    void aLocalDirectoryWithoutTheFileNamesItAndTheCache() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        BenchmarkFiles files = files(BenchmarkSettings.of(empty, v -> null, tmp), URI.create("http://127.0.0.1:9/never"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> files.directoryFor(Benchmark.AMC23));
        assertTrue(e.getMessage().contains(empty.resolve("amc23.jsonl").toString()) && e.getMessage().contains("--benchmarks-dir"),
                e.getMessage());
    }

    @Test
    void theFirstUseFetchesIntoTheCacheWithOneNoticeAndLaterUsesReadIt() throws Exception {
        try (FixtureServer server = new FixtureServer(gsm)) {
            BenchmarkFiles files = files(cacheOnly, server.url());
            List<Problem> problems = files.load(Benchmark.GSM8K);
            assertEquals(3, problems.size());
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).contains("gsm8k is not in the cache yet") && notices.get(0).contains(server.url().toString())
                    && notices.get(0).contains(cacheOnly.cache().file(Benchmark.GSM8K).toString()), notices.get(0));
            assertEquals(cacheOnly.cache().dir(), files.directoryFor(Benchmark.GSM8K));
            assertEquals(1, server.ranges().size(), "fetched once");
            assertEquals(1, notices.size());
            assertEquals(CachedFile.State.VERIFIED, files.inspect(Benchmark.GSM8K).state());
        }
    }

    @Test
    void aFailedFirstUseNamesTheUrlTheHashTheManualStepAndTheLocalAlternative() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/gsm8k_test.jsonl");
        IOException e = assertThrows(IOException.class, () -> files(cacheOnly, url).directoryFor(Benchmark.GSM8K));
        assertTrue(e.getMessage().startsWith("gsm8k is not cached and could not be fetched: cannot reach " + url), e.getMessage());
        assertTrue(e.getMessage().contains(Sha256.of(gsm)) && e.getMessage().contains("by hand")
                && e.getMessage().contains("--benchmarks-dir DIR or PROGRS_BENCHMARKS_DIR=DIR"), e.getMessage());
        assertFalse(Files.exists(cacheOnly.cache().file(Benchmark.GSM8K)));
    }

    @Test
    void aCachedFileWithAnotherHashIsRefusedNotOverwritten() throws Exception {
        Path file = cacheOnly.cache().file(Benchmark.GSM8K);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"question\": \"placed by hand\", \"answer\": \"#### 1\"}\n");
        BenchmarkFiles files = files(cacheOnly, URI.create("http://127.0.0.1:9/never"));
        assertEquals(CachedFile.State.MISMATCH, files.inspect(Benchmark.GSM8K).state());
        IOException e = assertThrows(IOException.class, () -> files.directoryFor(Benchmark.GSM8K));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not the pinned " + Sha256.of(gsm))
                && e.getMessage().contains("progrs benchmarks fetch gsm8k"), e.getMessage());
        assertTrue(Files.readString(file).contains("placed by hand"));
    }

    @Test
    void fetchResumesAPartialDownloadInTheCache() throws Exception {
        Path part = FileDownload.partFile(cacheOnly.cache().file(Benchmark.GSM8K));
        Files.createDirectories(part.getParent());
        Files.write(part, java.util.Arrays.copyOf(gsm, 100));
        try (FixtureServer server = new FixtureServer(gsm)) {
            BenchmarkFiles files = files(cacheOnly, server.url());
            assertEquals(CachedFile.State.PARTIAL, files.inspect(Benchmark.GSM8K).state());
            assertEquals(CachedFile.State.VERIFIED, files.fetch(Benchmark.GSM8K).state());
            assertEquals(List.of("bytes=100-"), server.ranges());
        }
    }
}
