package dev.progrs.tasks.benchmarks.fetch;

import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.FixtureBenchmarks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FileDownload} against a loopback {@link FixtureServer} serving the OlympiadBench fixture's bytes. */
@Timeout(60)
class FileDownloadTest {

    private static byte[] bytes;
    private static String sha;

    @TempDir
    Path dir;

    @BeforeAll
    static void readFixture() throws Exception {
        bytes = Files.readAllBytes(FixtureBenchmarks.file(Benchmark.OLYMPIADBENCH));
        sha = Sha256.of(bytes);
    }

    private static FileDownload download() {
        return new FileDownload(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), 3, Duration.ZERO);
    }

    private static PinnedFile pinned(URI url) {
        return new PinnedFile(url, sha, bytes.length);
    }

    /** Records what a download reports. */
    private static final class Recorded implements DownloadProgress {
        final List<long[]> starts = new ArrayList<>();
        long last = -1;
        boolean closed;

        @Override
        public void started(long total, long from) {
            starts.add(new long[]{total, from});
        }

        @Override
        public void advanced(long done) {
            assertTrue(done > last, "progress goes forward: " + done + " after " + last);
            last = done;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void downloadsThePinnedBytesAndLeavesNoPartFile() throws Exception {
        Path target = dir.resolve("sub/olympiadbench.jsonl");
        Recorded progress = new Recorded();
        try (FixtureServer server = new FixtureServer(bytes)) {
            download().fetch(pinned(server.url()), target, progress);
            assertEquals(List.of("-"), server.ranges());
        }
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertFalse(Files.exists(FileDownload.partFile(target)));
        assertEquals(1, progress.starts.size());
        assertArrayEquals(new long[]{bytes.length, 0}, progress.starts.get(0));
        assertEquals(bytes.length, progress.last);
    }

    @Test
    void resumesWithARangeRequestAfterACutConnection() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        Recorded progress = new Recorded();
        try (FixtureServer server = new FixtureServer(bytes).cutting(1, 1000)) {
            download().fetch(pinned(server.url()), target, progress);
            assertEquals(List.of("-", "bytes=1000-"), server.ranges());
        }
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals(2, progress.starts.size());
        assertArrayEquals(new long[]{bytes.length, 1000}, progress.starts.get(1), "the second attempt starts at the kept bytes");
    }

    @Test
    void resumesAPartFileLeftByAnEarlierRun() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        Files.write(FileDownload.partFile(target), Arrays.copyOf(bytes, 700));
        try (FixtureServer server = new FixtureServer(bytes)) {
            download().fetch(pinned(server.url()), target, DownloadProgress.NONE);
            assertEquals(List.of("bytes=700-"), server.ranges());
        }
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertFalse(Files.exists(FileDownload.partFile(target)));
    }

    @Test
    void startsAgainFromByteZeroWhenTheServerIgnoresTheRange() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        byte[] wrongPrefix = new byte[700];
        Arrays.fill(wrongPrefix, (byte) 'x');
        Files.write(FileDownload.partFile(target), wrongPrefix);
        try (FixtureServer server = new FixtureServer(bytes).ignoringRange()) {
            download().fetch(pinned(server.url()), target, DownloadProgress.NONE);
            assertEquals(List.of("bytes=700-"), server.ranges());
        }
        assertArrayEquals(bytes, Files.readAllBytes(target), "a 200 answer replaces the .part instead of appending");
    }

    @Test
    void aChecksumMismatchNamesBothHashesAndTheManualStepAndLeavesNoFile() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        byte[] altered = bytes.clone();
        altered[10] ^= 1;
        DownloadException e;
        try (FixtureServer server = new FixtureServer(altered)) {
            e = assertThrows(DownloadException.class, () -> download().fetch(pinned(server.url()), target, DownloadProgress.NONE));
            assertTrue(e.getMessage().contains(server.url().toString()), e.getMessage());
        }
        assertEquals(DownloadException.Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected sha256 " + sha) && e.getMessage().contains(Sha256.of(altered)), e.getMessage());
        assertTrue(e.getMessage().contains("To place the file by hand") && e.getMessage().contains(target.toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(FileDownload.partFile(target)), "a rejected download leaves no .part");
    }

    @Test
    void aLongerFileIsRejectedWithoutKeepingIt() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 10);
        try (FixtureServer server = new FixtureServer(longer)) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> download().fetch(pinned(server.url()), target, DownloadProgress.NONE));
            assertEquals(DownloadException.Reason.CHECKSUM_MISMATCH, e.reason());
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(FileDownload.partFile(target)));
    }

    @Test
    void aShorterFileIsRejectedWithoutRetriesOrKeepingIt() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        try (FixtureServer server = new FixtureServer(Arrays.copyOf(bytes, 100))) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> download().fetch(pinned(server.url()), target, DownloadProgress.NONE));
            assertEquals(DownloadException.Reason.CHECKSUM_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("ended the file after 100 bytes"), e.getMessage());
            assertEquals(1, server.ranges().size(), "a whole answer is not retried");
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(FileDownload.partFile(target)));
    }

    @Test
    void notFoundNamesTheUrlTheStatusAndTheManualStep() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        try (FixtureServer server = new FixtureServer(bytes)) {
            URI missing = server.base().resolve("no-such-file");
            DownloadException e = assertThrows(DownloadException.class,
                    () -> download().fetch(pinned(missing), target, DownloadProgress.NONE));
            assertEquals(DownloadException.Reason.HTTP_STATUS, e.reason());
            assertTrue(e.getMessage().contains("GET " + missing + " answered HTTP 404"), e.getMessage());
            assertTrue(e.getMessage().contains(sha) && e.getMessage().contains("by hand"), e.getMessage());
            assertEquals(1, server.ranges().size(), "a 404 is not retried");
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(FileDownload.partFile(target)));
    }

    @Test
    void anUnreachableHostFailsAtOnceWithTheManualStep() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/file");
        Path target = dir.resolve("olympiadbench.jsonl");
        long t0 = System.nanoTime();
        DownloadException e = assertThrows(DownloadException.class, () -> download().fetch(pinned(url), target, DownloadProgress.NONE));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "no retries against a closed port");
        assertEquals(DownloadException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().startsWith("cannot reach " + url), e.getMessage());
        assertTrue(e.getMessage().contains(sha) && e.getMessage().contains(target.toAbsolutePath().toString()), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aConnectionCutOnEveryAttemptKeepsThePartForTheNextRun() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        try (FixtureServer server = new FixtureServer(bytes).cutting(3, 500)) {
            DownloadException e = assertThrows(DownloadException.class,
                    () -> download().fetch(pinned(server.url()), target, DownloadProgress.NONE));
            assertEquals(DownloadException.Reason.INTERRUPTED, e.reason());
            assertTrue(e.getMessage().contains("1500 of " + bytes.length + " bytes are kept"), e.getMessage());
            assertEquals(List.of("-", "bytes=500-", "bytes=1000-"), server.ranges());
            assertFalse(Files.exists(target));
            assertEquals(1500, Files.size(FileDownload.partFile(target)));
            download().fetch(pinned(server.url()), target, DownloadProgress.NONE);
        }
        assertArrayEquals(bytes, Files.readAllBytes(target), "the next run resumes and completes");
    }

    @Test
    void aTargetWithThePinnedBytesIsKeptWithoutARequest() throws Exception {
        Path target = dir.resolve("olympiadbench.jsonl");
        Files.write(target, bytes);
        try (FixtureServer server = new FixtureServer(bytes)) {
            download().fetch(pinned(server.url()), target, DownloadProgress.NONE);
            assertEquals(List.of(), server.ranges());
        }
    }

    @Test
    void aPinnedFileRejectsABadHashSizeOrScheme() {
        URI ok = URI.create("https://example.org/f");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PinnedFile(ok, "ABC", 1)).getMessage().contains("'ABC'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PinnedFile(ok, sha, 0)).getMessage().contains("size 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PinnedFile(URI.create("ftp://x/f"), sha, 1))
                .getMessage().contains("ftp://x/f"));
    }
}
