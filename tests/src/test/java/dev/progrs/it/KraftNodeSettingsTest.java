package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The cluster of {@link ThreeBrokerKillTest} is the deployment's cluster: its nodes have the broker
 * settings of {@code docker/compose.yaml} and its topics the layout of compose's {@code topics} service.
 */
class KraftNodeSettingsTest {

    /** Broker settings the kill test's claims rest on; each must be in compose and equal in the test's nodes. */
    private static final List<String> DURABILITY = List.of("process.roles", "default.replication.factor", "min.insync.replicas",
            "unclean.leader.election.enable", "auto.create.topics.enable", "offsets.topic.replication.factor",
            "transaction.state.log.replication.factor", "transaction.state.log.min.isr",
            "share.coordinator.state.topic.replication.factor", "share.coordinator.state.topic.min.isr");

    @Test
    void theTestNodesHaveTheBrokerSettingsOfTheComposeCluster() throws Exception {
        Map<String, String> compose = composeBrokerSettings();
        Map<String, Object> node = KraftNodeProcess.properties(1, Path.of("data"), 9092, 9093, "1@127.0.0.1:9093");
        Map<String, String> differ = new TreeMap<>();
        for (String key : DURABILITY) {
            assertTrue(compose.containsKey(key), key + " in docker/compose.yaml's x-kafka-env: " + compose.keySet());
            if (!compose.get(key).equals(String.valueOf(node.get(key)))) {
                differ.put(key, "compose " + compose.get(key) + ", test node " + node.get(key));
            }
        }
        assertEquals(Map.of(), differ, "durability settings that differ");
    }

    @Test
    void theTestTopicsHaveTheLayoutOfTheComposeTopicsService() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        String command = String.valueOf(map(services.get("topics")).get("command"));
        String expected = "--partitions " + ThreeBrokerKillTest.PRODUCTION.partitions()
                + " --replication-factor " + ThreeBrokerKillTest.PRODUCTION.replicationFactor()
                + " --min-insync-replicas " + ThreeBrokerKillTest.PRODUCTION.minInsyncReplicas()
                + " --retention-days " + ThreeBrokerKillTest.PRODUCTION.replayRetention().toDays();
        assertTrue(command.replaceAll("\\s+", " ").contains(expected), "compose topics command '" + command + "' has '" + expected + "'");
    }

    /** {@code x-kafka-env} as broker properties: {@code KAFKA_MIN_INSYNC_REPLICAS: 2} is {@code min.insync.replicas=2}. */
    private static Map<String, String> composeBrokerSettings() throws Exception {
        Map<String, String> out = new TreeMap<>();
        map(compose().get("x-kafka-env")).forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) {
                out.put(k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), String.valueOf(v));
            }
        });
        return out;
    }

    private static Map<String, Object> compose() throws Exception {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = Files.isDirectory(base.resolve("docker")) ? base : base.getParent();
        String text = Files.readString(root.resolve("docker/compose.yaml"), StandardCharsets.UTF_8);
        return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "a mapping in docker/compose.yaml, got " + o);
        return (Map<String, Object>) o;
    }
}
