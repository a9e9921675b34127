package dev.progrs.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A missing or bad {@code --kafka-config} is refused with exit code 2 and the file's name by every
 * command that talks to a cluster, before it starts anything: at once (the cluster address, a port
 * nothing listens on, is never dialled) and without a thread left behind.
 */
class KafkaConfigRefusedFirstTest {
    private static final List<String> COMMANDS = List.of("topics", "dump --topic progrs.scored", "feed", "generator", "scorer",
            "centering", "replay --application-id r1 --output-topic r1.out", "learner", "monitor");

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }

    private static void refused(String expected, String... args) {
        Set<String> before = threadNames();
        long t0 = System.nanoTime();
        CommandRun r = CommandRun.of(args);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertTrue(millis < 3_000, String.join(" ", args) + " refused after " + millis + " ms");
        Set<String> started = threadNames();
        started.removeAll(before);
        assertTrue(started.isEmpty(), String.join(" ", args) + " started threads " + started);
    }

    private static String[] args(String command, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of(command.split(" ")));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aMissingFileIsNamedByEveryCommand(@TempDir Path dir) {
        Path missing = dir.resolve("client.properties");
        for (String command : COMMANDS) {
            refused(missing + ": no such file", args(command, "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", missing.toString()));
        }
        refused(missing + ": no such file", "run", "--bootstrap-servers", "127.0.0.1:1", "--kafka-config", missing.toString(),
                "--data-dir", dir.resolve("data").toString());
        assertTrue(!Files.exists(dir.resolve("data")));
    }

    @Test
    void aBadLineIsNamedWithTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nssl.truststore.locaton=/x\n");
        for (String command : List.of("scorer", "monitor", "centering")) {
            refused("line 3: 'ssl.truststore.locaton' is not a Kafka client setting", args(command, "--kafka-config", file.toString()));
        }
    }

    @Test
    void runRefusesClientSettingsForTheEmbeddedBroker(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\n");
        refused("give --bootstrap-servers too", "run", "--kafka-config", file.toString(), "--data-dir", dir.resolve("data").toString());
    }

    @Test
    void aRegistryPasswordWithoutAUserIsRefused() {
        refused("--registry-password without --registry-user", "feed", "--bootstrap-servers", "127.0.0.1:1",
                "--registry-url", "http://127.0.0.1:1", "--registry-password", "x");
    }
}
