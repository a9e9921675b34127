package dev.progrs.cli.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft broker + controller in one process) on 127.0.0.1, with its data in a
 * directory that survives restarts. The log directory is formatted on first start only, so a
 * restart on the same directory sees every record written before.
 *
 * <p>Replication factors of the internal topics are 1 (one node); transactions work, so
 * {@code exactly_once_v2} streams run against it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final EmbeddedKafkaConfig config;
    private final int brokerPort;
    private final int controllerPort;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(EmbeddedKafkaConfig config, int brokerPort, int controllerPort, KafkaRaftServer server) {
        this.config = config;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.server = server;
    }

    /** Formats the data directory if it is new, then starts the node and waits until it serves requests. */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        Path logDir = config.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        int brokerPort = config.port() == 0 ? freePort() : requireFree(config.port(), "--port");
        int controllerPort = config.controllerPort() == 0 ? freePort() : requireFree(config.controllerPort(), "--controller-port");
        Map<String, Object> props = brokerProperties(logDir, brokerPort, controllerPort, config.extraProperties());
        KafkaConfig kafkaConfig = new KafkaConfig(props, false);
        formatIfNew(logDir);
        KafkaRaftServer server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        long t0 = System.nanoTime();
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(config, brokerPort, controllerPort, server);
        LOG.info("embedded Kafka up at {} (data {}) in {} ms", kafka.bootstrapServers(), logDir,
                (System.nanoTime() - t0) / 1_000_000);
        return kafka;
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The directory holding the node's logs and metadata. */
    public Path dataDir() {
        return config.dataDir();
    }

    /** Port of the KRaft controller listener (not for clients). */
    public int controllerPort() {
        return controllerPort;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("embedded Kafka at {} stopped", bootstrapServers());
    }

    /**
     * The roles, listeners and directories of one combined broker-and-controller KRaft node on 127.0.0.1
     * (PLAINTEXT clients, a {@code CONTROLLER} listener for the quorum); replication and sizes are the caller's.
     *
     * @param voters {@code controller.quorum.voters}, e.g. {@code 1@127.0.0.1:9093}
     */
    public static Map<String, Object> kraftNodeProperties(int nodeId, String voters, Path dataDir, int brokerPort, int controllerPort) {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());
        return p;
    }

    static Map<String, Object> brokerProperties(Path logDir, int brokerPort, int controllerPort, Map<String, String> extra) {
        Map<String, Object> p = kraftNodeProperties(NODE_ID, NODE_ID + "@127.0.0.1:" + controllerPort, logDir, brokerPort, controllerPort);
        // one node: every internal topic has a single replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // topics are created explicitly by TopicSetup with their own configs
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.putAll(extra);
        return p;
    }

    private static void formatIfNew(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static int requireFree(int port, String option) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + port + " is already in use on 127.0.0.1; "
                    + "pick another port, or 0 for any free port", e);
        }
    }

    /** Loads {@code key=value} lines into a map, for {@code --broker-config FILE}. */
    public static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read broker config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }
}
