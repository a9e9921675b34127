package dev.progrs.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Three KRaft nodes ({@link KraftNodeProcess}) in child JVMs on loopback, one cluster id, every node a
 * voter of the controller quorum. A node can be SIGKILLed and started again on its data directory
 * and ports. {@link #close()} kills whatever is still running, so no JVM outlives the test.
 */
final class KraftCluster implements AutoCloseable {
    static final int NODES = 3;
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final Path dir;
    private final File logs;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] ports = new int[NODES + 1];
    private final int[] controllerPorts = new int[NODES + 1];
    private final Process[] processes = new Process[NODES + 1];
    private final int[] starts = new int[NODES + 1];
    private final String voters;

    private KraftCluster(Path dir, File logs) {
        this.dir = dir;
        this.logs = logs;
        List<Integer> free = freePorts(2 * NODES);
        for (int n = 1; n <= NODES; n++) {
            ports[n] = free.get(2 * (n - 1));
            controllerPorts[n] = free.get(2 * (n - 1) + 1);
        }
        voters = IntStream.rangeClosed(1, NODES).mapToObj(n -> n + "@127.0.0.1:" + controllerPorts[n]).collect(Collectors.joining(","));
    }

    /** Starts the three nodes at once (a node's start-up waits for a quorum) and waits until each serves. */
    static KraftCluster start(Path dir, File logs) throws Exception {
        KraftCluster c = new KraftCluster(dir, logs);
        try {
            for (int n = 1; n <= NODES; n++) {
                c.launch(n);
            }
            for (int n = 1; n <= NODES; n++) {
                c.awaitServing(n);
            }
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** Every node's client listener: clients keep working with any one of them gone. */
    String bootstrapServers() {
        return IntStream.rangeClosed(1, NODES).mapToObj(n -> "127.0.0.1:" + ports[n]).collect(Collectors.joining(","));
    }

    /** SIGKILL of node {@code n}: no controlled shutdown, no flush, no leadership hand-over. */
    void kill(int n) throws InterruptedException {
        FaultHarness.kill(processes[n]);
    }

    /** Starts node {@code n} again on its data directory and ports and waits until it serves. */
    void restart(int n) throws Exception {
        launch(n);
        FaultHarness.awaitLine(log(n), "kraft node " + n + " serving at 127.0.0.1:" + ports[n] + " (existing data dir", START_LIMIT,
                processes[n]);
    }

    /**
     * The transactions ({@code txn:id}) and consumer groups ({@code group:id}) whose coordinator is
     * node {@code n}: what moves to another node when it dies.
     */
    static List<String> coordinatedBy(Admin admin, int n) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> txns = admin.listTransactions().all().get().stream().map(t -> t.transactionalId()).sorted().toList();
        admin.describeTransactions(txns).all().get().forEach((id, d) -> {
            if (d.coordinatorId() == n) {
                out.add("txn:" + id);
            }
        });
        List<String> groups = admin.listGroups().all().get().stream().map(g -> g.groupId()).sorted().toList();
        for (String g : groups) {
            try {
                var d = admin.describeConsumerGroups(List.of(g)).describedGroups().get(g).get();
                if (d.coordinator() != null && d.coordinator().id() == n) {
                    out.add("group:" + g);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // not a consumer group (or gone): nothing to report
            }
        }
        out.sort(null);
        return out;
    }

    /** The node leading the KRaft controller quorum (the active controller). */
    static int activeController(Admin admin) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
    }

    File log(int n) {
        return new File(logs, "cluster-node-" + n + "-" + starts[n] + ".log");
    }

    private void launch(int n) throws Exception {
        starts[n]++;
        processes[n] = FaultHarness.startJvm(log(n), KraftNodeProcess.class.getName(), List.of(String.valueOf(n),
                dir.resolve("node-" + n).toString(), String.valueOf(ports[n]), String.valueOf(controllerPorts[n]), voters, clusterId));
    }

    private void awaitServing(int n) throws Exception {
        FaultHarness.awaitLine(log(n), "kraft node " + n + " serving", START_LIMIT, processes[n]);
    }

    /** Partitions led by each node, over every topic including the internal ones (offsets, transaction state). */
    static Map<Integer, Integer> leaderCounts(Admin admin) throws Exception {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int n = 1; n <= NODES; n++) {
            counts.put(n, 0);
        }
        for (TopicPartitionInfo p : partitions(admin)) {
            if (p.leader() != null && !p.leader().isEmpty()) {
                counts.merge(p.leader().id(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Partitions (as {@code topic-n isr=[..]}) whose in-sync replicas are not all three nodes; empty when the cluster is whole. */
    static List<String> underReplicated(Admin admin) throws Exception {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TopicDescription> t : describeAll(admin).entrySet()) {
            for (TopicPartitionInfo p : t.getValue().partitions()) {
                if (p.isr().size() < NODES) {
                    out.add(t.getKey() + "-" + p.partition() + " isr=" + p.isr().stream().map(b -> b.id()).toList());
                }
            }
        }
        return out;
    }

    /** Replication factor of every partition of every topic, e.g. {@code {3=...}}: partitions by replica count. */
    static Map<Integer, Long> replicationFactors(Admin admin) throws Exception {
        return partitions(admin).stream().collect(Collectors.groupingBy(p -> p.replicas().size(), TreeMap::new, Collectors.counting()));
    }

    private static Collection<TopicPartitionInfo> partitions(Admin admin) throws Exception {
        return describeAll(admin).values().stream().flatMap(d -> d.partitions().stream()).toList();
    }

    private static Map<String, TopicDescription> describeAll(Admin admin) throws Exception {
        var names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        return admin.describeTopics(names).allTopicNames().get();
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    @Override
    public void close() throws InterruptedException {
        for (int n = 1; n <= NODES; n++) {
            Process p = processes[n];
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static List<Integer> freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                out.add(s.getLocalPort());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we only probed
                }
            }
        }
    }
}
