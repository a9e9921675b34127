package dev.progrs.tasks.benchmarks.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads a {@link PinnedFile} to a target path so that the target either does not change or
 * holds exactly the pinned bytes:
 * <ol>
 *   <li>bytes go to {@code TARGET.part} beside the target; a {@code .part} left by an earlier,
 *       cut attempt (or run) is continued with {@code Range: bytes=N-} — a server that answers 206
 *       from byte N is appended to, one that answers 200 restarts the file from byte 0;</li>
 *   <li>a cut connection (an I/O error while reading the body) is retried from the bytes on disk,
 *       up to {@code attempts} times; after that the {@code .part} stays for the next run. A body
 *       that ends cleanly short of {@link PinnedFile#size()} is a different file, like one that runs
 *       past it: it is discarded;</li>
 *   <li>when the {@code .part} holds {@link PinnedFile#size()} bytes its SHA-256 is checked; on a
 *       mismatch it is deleted; on a match it is moved onto the target atomically (same directory),
 *       so no reader ever sees a half-written or unchecked file.</li>
 * </ol>
 * An unreachable host or an HTTP status other than 200/206 fails at once, without retries. Every
 * failure is a {@link DownloadException} naming the URL, the expected hash and the manual step.
 *
 * <p>Two processes fetching the same target at once can interleave their bytes in the
 * {@code .part}; the checksum then rejects it and a rerun starts clean.
 */
public final class FileDownload {

    /** Time allowed to open a connection before the host counts as unreachable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Time allowed for the response headers of one request. */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    /** Attempts per download when the connection is cut. */
    public static final int ATTEMPTS = 3;
    /** Pause before the second attempt; the n-th retry waits n times this. */
    public static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 1 << 16;

    private final HttpClient client;
    private final int attempts;
    private final Duration retryPause;

    /** A client with the defaults above that follows redirects (GitHub and the Hub redirect to their CDNs). */
    public FileDownload() {
        this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(),
                ATTEMPTS, RETRY_PAUSE);
    }

    /**
     * @param client     the HTTP client (its redirect policy and timeouts apply)
     * @param attempts   attempts when the connection is cut, at least 1
     * @param retryPause pause before a retry, multiplied by the retry's number
     */
    public FileDownload(HttpClient client, int attempts, Duration retryPause) {
        this.client = Objects.requireNonNull(client, "client");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts=" + attempts + " is invalid; accepted: an integer >= 1");
        }
        if (retryPause.isNegative()) {
            throw new IllegalArgumentException("retryPause=" + retryPause + " is invalid; accepted: a duration >= 0");
        }
        this.attempts = attempts;
        this.retryPause = retryPause;
    }

    /** The partial file a download of {@code target} writes to. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Downloads {@code file} to {@code target} (its parent directories are created). A target that
     * already has the pinned bytes is kept as it is.
     *
     * @return {@code target}
     * @throws DownloadException when the target could not be produced; it is then unchanged
     */
    public Path fetch(PinnedFile file, Path target, DownloadProgress progress) throws DownloadException {
        Path part = partFile(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            if (Files.isRegularFile(target) && Files.size(target) == file.size() && Sha256.of(target).equals(file.sha256())) {
                return target;
            }
        } catch (IOException e) {
            throw DownloadException.localIo(file, target, target, e);
        }
        IOException lastCut = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(attempt - 1);
            }
            try {
                transfer(file, target, part, progress);
                lastCut = null;
                break;
            } catch (CutTransfer cut) {
                lastCut = cut.getCause() instanceof IOException io ? io : new IOException(cut.getMessage());
            }
        }
        if (lastCut != null) {
            throw DownloadException.interrupted(file, target, part, sizeOrZero(part), attempts, lastCut);
        }
        verifyAndMove(file, target, part);
        return target;
    }

    /** One attempt: continues the {@code .part} until it holds {@code file.size()} bytes. */
    private void transfer(PinnedFile file, Path target, Path part, DownloadProgress progress) throws DownloadException, CutTransfer {
        long have = sizeOrZero(part);
        if (have > file.size()) {
            deleteQuietly(part);
            have = 0;
        }
        if (have == file.size()) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(file.url()).timeout(RESPONSE_TIMEOUT).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw DownloadException.unreachable(file, target, e);
        } catch (IOException e) {
            throw new CutTransfer(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DownloadException.unreachable(file, target, e);
        }
        int status = response.statusCode();
        boolean append;
        if (status == 206 && have > 0 && rangeStart(response).orElse(-1L) == have) {
            append = true;
        } else if (status == 200) {
            append = false;
        } else if (status == 416 && have > 0) {
            // the server has no byte `have`: what is on disk is not a prefix of its file
            closeQuietly(response.body());
            deleteQuietly(part);
            throw new CutTransfer(new IOException("HTTP 416 for a resume at byte " + have + "; restarting from byte 0"));
        } else {
            closeQuietly(response.body());
            throw DownloadException.status(file, target, status);
        }
        long done = append ? have : 0;
        progress.started(file.size(), done);
        try (InputStream in = response.body(); OutputStream out = open(file, target, part, append)) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new CutTransfer(e);
                }
                if (n < 0) {
                    break;
                }
                if (done + n > file.size()) {
                    closeQuietly(out);
                    deleteQuietly(part);
                    throw DownloadException.oversize(file, target, done + n);
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw DownloadException.localIo(file, target, part, e);
                }
                done += n;
                progress.advanced(done);
            }
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw new CutTransfer(e);
        }
        if (done < file.size()) {
            // a cut connection surfaces as an exception above; a body that ends cleanly is the server's whole file
            deleteQuietly(part);
            throw DownloadException.undersize(file, target, done);
        }
    }

    private static OutputStream open(PinnedFile file, Path target, Path part, boolean append) throws DownloadException {
        try {
            return append
                    ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw DownloadException.localIo(file, target, part, e);
        }
    }

    private static void verifyAndMove(PinnedFile file, Path target, Path part) throws DownloadException {
        try {
            long size = Files.size(part);
            String actual = Sha256.of(part);
            if (size != file.size() || !actual.equals(file.sha256())) {
                Files.deleteIfExists(part);
                throw DownloadException.mismatch(file, target, actual, size);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (DownloadException e) {
            throw e;
        } catch (IOException e) {
            throw DownloadException.localIo(file, target, target, e);
        }
    }

    private static Optional<Long> rangeStart(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Range").map(CONTENT_RANGE::matcher)
                .filter(Matcher::matches).map(m -> Long.parseLong(m.group(1)));
    }

    private void pause(int retry) {
        try {
            Thread.sleep(retryPause.multipliedBy(retry).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long sizeOrZero(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the checksum rejects whatever is left
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing more to read or write
        }
    }

    /** An attempt ended early for a reason a retry from the bytes on disk may fix. */
    private static final class CutTransfer extends Exception {
        CutTransfer(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
