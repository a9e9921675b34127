package dev.progrs.cli.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the embedded single-node broker.
 *
 * @param dataDir         where logs and KRaft metadata live; kept across restarts
 * @param port            client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one
 * @param controllerPort  KRaft controller port on 127.0.0.1; 0 picks a free one
 * @param extraProperties broker properties that override the defaults (e.g. {@code log.retention.hours})
 */
public record EmbeddedKafkaConfig(Path dataDir, int port, int controllerPort, Map<String, String> extraProperties) {
    /** Default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIR = Path.of("progrs-data", "kafka");

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("port", port);
        checkPort("controller port", controllerPort);
        extraProperties = Map.copyOf(extraProperties);
    }

    /** A broker on free ports with its data in {@code dataDir}. */
    public static EmbeddedKafkaConfig onFreePorts(Path dataDir) {
        return new EmbeddedKafkaConfig(dataDir, 0, 0, Map.of());
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be in 0..65535 (0 = any free port), got " + port);
        }
    }
}
