package dev.progrs.it;

import dev.progrs.cli.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One node of a three-node KRaft cluster (broker and controller in one process) alone in a JVM, for
 * tests that SIGKILL a broker. Its settings are the durability settings of {@code docker/compose.yaml}
 * (default replication 3, {@code min.insync.replicas} 2, no unclean leader election, offsets and
 * transaction-state topics replicated 3 times with 2 in sync, no auto-created topics); only the
 * sizes are shrunk for a test (6 partitions of each internal topic, 2 network and I/O threads).
 *
 * <p>The data directory is formatted with the cluster id on first start only, so a node restarted
 * on the same directory rejoins with every record it had written. Arguments: node id, data
 * directory, client port, controller port, {@code controller.quorum.voters}, cluster id. Prints
 * {@code kraft node N serving} once the node answers requests; ends when its standard input does
 * (the test JVM is gone).
 */
public final class KraftNodeProcess {
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private KraftNodeProcess() {
    }

    public static void main(String[] args) throws Exception {
        int nodeId = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        int port = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);
        String voters = args[4];
        String clusterId = args[5];
        exitWhenTheParentIsGone();
        Files.createDirectories(dataDir);
        boolean fresh = !Files.exists(dataDir.resolve("meta.properties"));
        if (fresh) {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties(nodeId, dataDir, port, controllerPort, voters), false),
                Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kraft-node-shutdown"));
        long t0 = System.nanoTime();
        server.startup();
        System.out.printf("kraft node %d serving at 127.0.0.1:%d (%s data dir, started in %d ms)%n", nodeId, port,
                fresh ? "new" : "existing", (System.nanoTime() - t0) / 1_000_000);
        server.awaitShutdown();
    }

    /**
     * Standard input is a pipe from the test JVM: end of input means the test JVM has died (a
     * surefire timeout, a kill), and a node must not outlive it.
     */
    static void exitWhenTheParentIsGone() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; the read returns -1 when the parent goes
                }
            } catch (java.io.IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    static Map<String, Object> properties(int nodeId, Path dataDir, int port, int controllerPort, String voters) {
        Map<String, Object> p = EmbeddedKafka.kraftNodeProperties(nodeId, voters, dataDir, port, controllerPort);
        // durability, as in docker/compose.yaml
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("unclean.leader.election.enable", "false");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        // sizes for a test on a small machine
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8L * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        return p;
    }
}
