package dev.progrs.it.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-REST-compatible schema registry on loopback: Apicurio Registry 2.4.2.Final with
 * in-memory storage, built from {@code tests/registry-app} (its own Maven project, not a module of
 * the root build) and run as a separate JVM on a free port of 127.0.0.1.
 *
 * <p>{@link #start()} builds the application with {@code mvn -q -B -f tests/registry-app/pom.xml package}
 * when {@code tests/registry-app/target/quarkus-app/quarkus-run.jar} is missing or older than the
 * application's pom or resources, starts it, and waits until
 * {@code /health/ready} answers 200. {@link #close()} stops the process. Timings of both steps are kept
 * for the report ({@link #buildMillis()}, {@link #startMillis()}).
 */
public final class ApicurioRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    /** Path of the Confluent-compatible API under the registry's root. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final long buildMillis;
    private final Thread killOnExit;
    private long startMillis;

    private ApicurioRegistry(Process process, int port, Path logFile, long buildMillis) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.buildMillis = buildMillis;
        // A test JVM that dies without close() must not leave the registry running.
        this.killOnExit = new Thread(process::destroyForcibly, "apicurio-registry-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Builds the registry application if needed, starts it on a free loopback port and waits until it is ready. */
    public static ApicurioRegistry start() throws IOException, InterruptedException {
        Path appDir = appDir();
        long buildMillis = buildIfMissing(appDir);
        Path runJar = appDir.resolve("target/quarkus-app/quarkus-run.jar");
        Path logFile = appDir.resolve("target/registry-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log");
        int port = freePort();
        List<String> command = List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", runJar.toString());
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        ApicurioRegistry registry = new ApicurioRegistry(process, port, logFile, buildMillis);
        try {
            registry.awaitReady(START_TIMEOUT);
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        registry.startMillis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        LOG.info("Apicurio Registry on 127.0.0.1:{}: build {} ms (0 = jar already built), start {} ms", port, buildMillis,
                registry.startMillis);
        return registry;
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return rootUrl() + CCOMPAT_PATH;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Milliseconds the Maven build of the registry application took in this start; 0 when its jar already existed. */
    public long buildMillis() {
        return buildMillis;
    }

    /** Milliseconds from launching the registry JVM to its first ready answer. */
    public long startMillis() {
        return startMillis;
    }

    /** The registry's console output, for failure messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(rootUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                        + " before it was ready; its log (" + logFile + "):\n" + tail(logFile, 40));
            }
            try {
                HttpResponse<String> reply = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Apicurio Registry was not ready on " + rootUrl() + "/health/ready after " + timeout
                + "; its log (" + logFile + "):\n" + tail(logFile, 40));
    }

    private static long buildIfMissing(Path appDir) throws IOException, InterruptedException {
        Path runJar = appDir.resolve("target/quarkus-app/quarkus-run.jar");
        if (Files.isRegularFile(runJar) && !olderThanSources(runJar, appDir)) {
            return 0;
        }
        Files.createDirectories(appDir.resolve("target"));
        Path log = appDir.resolve("target/registry-app-build.log");
        List<String> command = new ArrayList<>(List.of(mavenBinary(), "-q", "-B", "-f", appDir.resolve("pom.xml").toString(), "package"));
        LOG.info("building the test registry: {}", String.join(" ", command));
        long t0 = System.nanoTime();
        Process build = new ProcessBuilder(command).directory(appDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("building " + appDir + " took longer than " + BUILD_TIMEOUT + "; log " + log + ":\n" + tail(log, 40));
        }
        if (build.exitValue() != 0 || !Files.isRegularFile(runJar)) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit code " + build.exitValue()
                    + " (no " + runJar + "); log " + log + ":\n" + tail(log, 60));
        }
        long millis = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        LOG.info("built the test registry in {} ms", millis);
        return millis;
    }

    /** True when the pom or a resource of the registry application changed after {@code jar} was built. */
    private static boolean olderThanSources(Path jar, Path appDir) throws IOException {
        long built = Files.getLastModifiedTime(jar).toMillis();
        List<Path> sources = new ArrayList<>(List.of(appDir.resolve("pom.xml")));
        Path resources = appDir.resolve("src");
        if (Files.isDirectory(resources)) {
            try (var walk = Files.walk(resources)) {
                walk.filter(Files::isRegularFile).forEach(sources::add);
            }
        }
        for (Path source : sources) {
            if (Files.getLastModifiedTime(source).toMillis() > built) {
                return true;
            }
        }
        return false;
    }

    /** {@code tests/registry-app}, found from the tests module's base directory (surefire's working directory). */
    static Path appDir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path candidate : List.of(base.resolve("registry-app"), base.resolve("tests/registry-app"))) {
            if (Files.isRegularFile(candidate.resolve("pom.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("tests/registry-app/pom.xml not found from " + base);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String mavenBinary() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
