package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.progrs.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Static checks of docker/compose.yaml and docker/Dockerfile (no Docker engine runs here): the
 * Kafka cluster is a real 3-node KRaft quorum with durable settings, every worker's command is a
 * {@code progrs} subcommand whose flags parse, the workers agree with each other and with the
 * cluster, and the image holds what the commands expect.
 */
class DockerDeploymentFilesTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");

    private static Path root;
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    private static final Map<String, ParseResult> PARSED = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        root = Files.isDirectory(base.resolve("docker")) ? base : base.getParent();
        String text = Files.readString(root.resolve("docker/compose.yaml"), StandardCharsets.UTF_8);
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        compose = map(interpolate(parsed), "compose.yaml");
        services = new LinkedHashMap<>();
        map(compose.get("services"), "services").forEach((name, s) -> services.put(name, map(s, "service " + name)));
    }

    // ---------------------------------------------------------------------------------- Kafka

    @Test
    void threeCombinedKraftNodesFormOneQuorum() throws IOException {
        Map<String, Map<String, String>> brokers = brokers();
        assertEquals(3, brokers.size(), "apache/kafka services: " + brokers.keySet());
        Set<String> nodeIds = new TreeSet<>();
        Set<String> clusterIds = new HashSet<>();
        Set<String> voterLists = new HashSet<>();
        Map<String, String> expectedVoters = new HashMap<>();
        for (var e : brokers.entrySet()) {
            String name = e.getKey();
            Map<String, String> env = e.getValue();
            Map<String, Object> service = services.get(name);
            assertEquals(Set.of("broker", "controller"), Set.of(env.get("KAFKA_PROCESS_ROLES").split(",")), name + " roles");
            String nodeId = env.get("KAFKA_NODE_ID");
            assertNotNull(nodeId, name + " KAFKA_NODE_ID");
            assertTrue(nodeIds.add(nodeId), name + ": node id " + nodeId + " is not distinct");
            clusterIds.add(env.get("CLUSTER_ID"));
            voterLists.add(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
            Map<String, String> listeners = listeners(env.get("KAFKA_LISTENERS"));
            String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
            assertTrue(listeners.containsKey(controller), name + ": no " + controller + " listener in " + listeners);
            String host = String.valueOf(service.getOrDefault("hostname", name));
            expectedVoters.put(nodeId, host + ":" + listeners.get(controller));
            // Other nodes and the workers reach it by its service name on the inter-broker listener.
            Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
            String inter = env.get("KAFKA_INTER_BROKER_LISTENER_NAME");
            assertEquals(name + ":" + listeners.get(inter), advertised.get(inter), name + " advertised " + inter);
            assertFalse(advertised.containsKey(controller), name + ": the controller listener must not be advertised");
            Set<String> mapped = new HashSet<>(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").lines()
                    .flatMap(l -> List.of(l.split(",")).stream()).map(p -> p.split(":")[0]).toList());
            assertTrue(mapped.containsAll(listeners.keySet()), name + ": listeners without a protocol: " + listeners.keySet());
            // Each advertised non-internal listener's port is published.
            for (var a : advertised.entrySet()) {
                if (!a.getKey().equals(inter)) {
                    String port = a.getValue().substring(a.getValue().lastIndexOf(':') + 1);
                    assertTrue(strings(service.get("ports")).stream().anyMatch(p -> p.endsWith(":" + port)),
                            name + ": advertised " + a + " but ports " + service.get("ports"));
                }
            }
            // The log directory is a named volume.
            String logDirs = env.get("KAFKA_LOG_DIRS");
            assertTrue(volumeMounts(service).containsValue(logDirs), name + ": " + logDirs + " is not on a volume: " + service.get("volumes"));
            assertNotNull(service.get("healthcheck"), name + " healthcheck");
        }
        assertEquals(1, clusterIds.size(), "one CLUSTER_ID: " + clusterIds);
        String clusterId = clusterIds.iterator().next();
        assertEquals(16, Base64.getUrlDecoder().decode(clusterId).length, "CLUSTER_ID is a base64 UUID: " + clusterId);
        assertEquals(1, voterLists.size(), "one quorum voter list: " + voterLists);
        Map<String, String> voters = new HashMap<>();
        for (String v : voterLists.iterator().next().split(",")) {
            String[] idAndAddress = v.trim().split("@");
            voters.put(idAndAddress[0], idAndAddress[1]);
        }
        assertEquals(expectedVoters, voters, "the quorum is exactly the three nodes' controller listeners");
        String image = String.valueOf(services.get(brokers.keySet().iterator().next()).get("image"));
        assertEquals("apache/kafka:" + pomProperty("kafka.version"), image, "broker image matches the clients' Kafka version");
    }

    @Test
    void brokersAreConfiguredForDurability() {
        Map<String, String> required = Map.of(
                "KAFKA_DEFAULT_REPLICATION_FACTOR", "3",
                "KAFKA_MIN_INSYNC_REPLICAS", "2",
                "KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false",
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
        for (var e : brokers().entrySet()) {
            for (var r : required.entrySet()) {
                assertEquals(r.getValue(), e.getValue().get(r.getKey()), e.getKey() + " " + r.getKey());
            }
        }
        Map<String, String> registry = environment(services.get(registryService()));
        assertEquals("3", registry.get("SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR"), "registry's _schemas topic RF");
    }

    // ---------------------------------------------------------------------------------- workers

    @Test
    void everyWorkerRunsARealProgrsSubcommandWhoseFlagsParse() {
        Map<String, List<String>> byCommand = new HashMap<>();
        for (var e : progrsServices().entrySet()) {
            ParseResult sub = parse(e.getKey());
            byCommand.computeIfAbsent(sub.commandSpec().name(), k -> new ArrayList<>()).add(e.getKey());
        }
        for (String needed : List.of("topics", "feed", "generator", "scorer", "centering", "learner", "monitor")) {
            assertTrue(byCommand.containsKey(needed), "no service runs progrs " + needed + ": " + byCommand);
        }
        assertTrue(byCommand.get("centering").size() >= 2, "centering instances: " + byCommand.get("centering"));
        assertEquals(1, byCommand.get("learner").size(), "one learner per pipeline: " + byCommand.get("learner"));
    }

    @Test
    void workersTalkToTheThreeBrokersAndTheRegistry() {
        Set<String> brokerAddresses = new TreeSet<>();
        for (var e : brokers().entrySet()) {
            Map<String, String> env = e.getValue();
            brokerAddresses.add(listeners(env.get("KAFKA_ADVERTISED_LISTENERS")).get(env.get("KAFKA_INTER_BROKER_LISTENER_NAME")));
        }
        String registry = registryService();
        Map<String, Object> registryService = services.get(registry);
        String registryPort = environment(registryService).get("SCHEMA_REGISTRY_LISTENERS").replaceAll(".*:", "");
        String registryUrl = "http://" + registryService.getOrDefault("hostname", registry) + ":" + registryPort;
        for (String name : progrsServices().keySet()) {
            ParseResult sub = parse(name);
            String bootstrap = option(sub, "--bootstrap-servers");
            assertNotNull(bootstrap, name + ": no --bootstrap-servers (the default 127.0.0.1:9092 is not the cluster)");
            assertEquals(brokerAddresses, new TreeSet<>(List.of(bootstrap.split(","))), name + " --bootstrap-servers");
            Map<String, String> dependsOn = dependsOn(services.get(name));
            if (!sub.commandSpec().name().equals("topics")) {
                assertEquals(registryUrl, option(sub, "--registry-url"), name + " --registry-url");
                assertEquals("service_healthy", dependsOn.get(registry), name + " waits for the registry");
                String topics = serviceRunning("topics");
                assertEquals("service_completed_successfully", dependsOn.get(topics), name + " waits for the topic set-up");
            } else {
                for (String broker : brokers().keySet()) {
                    assertEquals("service_healthy", dependsOn.get(broker), name + " waits for " + broker);
                }
            }
        }
    }

    @Test
    void topicsAreCreatedWithReplicationThreeAndMinInsyncTwo() {
        String topics = serviceRunning("topics");
        ParseResult sub = parse(topics);
        short rf = sub.matchedOptionValue("--replication-factor", (short) 1);
        int minIsr = sub.matchedOptionValue("--min-insync-replicas", 1);
        assertEquals(3, rf, "--replication-factor");
        assertEquals(2, minIsr, "--min-insync-replicas");
        assertTrue(rf <= brokers().size() && minIsr < rf, "one broker may fail without blocking writes");
        assertEquals("no", String.valueOf(services.get(topics).get("restart")), "the one-shot topics service must not restart");
    }

    @Test
    void workersAgreeOnTheirSharedSettings() {
        Map<String, Integer> staleness = new LinkedHashMap<>();
        Map<String, Integer> batchGroups = new LinkedHashMap<>();
        Map<String, String> applicationIds = new LinkedHashMap<>();
        Map<String, String> stateDirs = new LinkedHashMap<>();
        for (String name : progrsServices().keySet()) {
            ParseResult sub = parse(name);
            String command = sub.commandSpec().name();
            if (Set.of("feed", "generator", "learner", "centering").contains(command)) {
                String value = option(sub, "--max-staleness");
                assertNotNull(value, name + ": set --max-staleness explicitly, the stages must agree");
                staleness.put(name, Integer.valueOf(value));
            }
            if (Set.of("feed", "learner").contains(command)) {
                String value = option(sub, "--batch-groups");
                assertNotNull(value, name + ": set --batch-groups explicitly, the feeder paces by the learner's batch");
                batchGroups.put(name, Integer.valueOf(value));
            }
            if (command.equals("centering")) {
                applicationIds.put(name, String.valueOf(sub.matchedOptionValue("--application-id", (Object) "progrs-centering")));
                assertEquals("exactly_once_v2", String.valueOf(sub.matchedOptionValue("--processing-guarantee", (Object) "exactly_once_v2")), name);
                String stateDir = option(sub, "--state-dir");
                assertNotNull(stateDir, name + " --state-dir");
                String volume = volumeMounts(services.get(name)).entrySet().stream().filter(v -> v.getValue().equals(stateDir))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                assertNotNull(volume, name + ": --state-dir " + stateDir + " is not on a volume");
                stateDirs.put(name, volume);
            }
        }
        assertEquals(1, new HashSet<>(staleness.values()).size(), "--max-staleness differs: " + staleness);
        assertEquals(1, new HashSet<>(batchGroups.values()).size(), "--batch-groups differs: " + batchGroups);
        assertEquals(1, new HashSet<>(applicationIds.values()).size(), "centering instances in different applications: " + applicationIds);
        assertEquals(stateDirs.size(), new HashSet<>(stateDirs.values()).size(), "centering instances share a state volume: " + stateDirs);
    }

    @Test
    void generatorsReadTheCheckpointsTheLearnerWrites() {
        String learner = serviceRunning("learner");
        String learnerDir = option(parse(learner), "--checkpoint-dir");
        assertNotNull(learnerDir, "learner --checkpoint-dir");
        String learnerVolume = volumeAt(learner, learnerDir);
        assertFalse(mountSpec(learner, learnerDir).endsWith(":ro"), "the learner writes the store");
        for (String name : progrsServices().keySet()) {
            if (parse(name).commandSpec().name().equals("generator")) {
                String dir = option(parse(name), "--checkpoint-dir");
                assertNotNull(dir, name + " --checkpoint-dir");
                assertEquals(learnerVolume, volumeAt(name, dir), name + " reads another store than the learner writes");
            }
        }
    }

    @Test
    void volumesAndDependenciesReferToDefinedNames() {
        Set<String> declaredVolumes = compose.get("volumes") == null ? Set.of() : map(compose.get("volumes"), "volumes").keySet();
        Set<String> usedVolumes = new HashSet<>();
        Set<String> hostPorts = new HashSet<>();
        for (var e : services.entrySet()) {
            String name = e.getKey();
            Map<String, Object> service = e.getValue();
            for (String volume : volumeMounts(service).keySet()) {
                if (!volume.startsWith(".") && !volume.startsWith("/")) {
                    assertTrue(declaredVolumes.contains(volume), name + ": volume " + volume + " is not declared in volumes:");
                    usedVolumes.add(volume);
                }
            }
            for (var d : dependsOn(service).entrySet()) {
                assertTrue(services.containsKey(d.getKey()), name + " depends on undefined service " + d.getKey());
                assertTrue(CONDITIONS.contains(d.getValue()), name + ": condition " + d.getValue());
                if (d.getValue().equals("service_healthy")) {
                    assertNotNull(services.get(d.getKey()).get("healthcheck"), name + " waits for " + d.getKey() + " to be healthy; it has no healthcheck");
                }
                if (d.getValue().equals("service_completed_successfully")) {
                    assertEquals("no", String.valueOf(services.get(d.getKey()).get("restart")), d.getKey() + " must be a one-shot");
                }
            }
            for (String port : strings(service.get("ports"))) {
                String host = port.contains(":") ? port.substring(0, port.lastIndexOf(':')) : port;
                assertTrue(hostPorts.add(host), name + ": host port " + host + " published twice");
            }
        }
        assertEquals(declaredVolumes, usedVolumes, "declared but unused volumes");
        // No dependency cycles.
        for (String name : services.keySet()) {
            assertFalse(reaches(name, name, new HashSet<>()), name + " depends on itself");
        }
    }

    @Test
    void monitorServesItsHealthcheckOnThePublishedPort() {
        String monitor = serviceRunning("monitor");
        ParseResult sub = parse(monitor);
        assertEquals("0.0.0.0", option(sub, "--http-host"), "the dashboard must listen beyond the container");
        int port = sub.matchedOptionValue("--http-port", 9464);
        Map<String, Object> service = services.get(monitor);
        assertTrue(strings(service.get("ports")).stream().anyMatch(p -> p.endsWith(":" + port + ":" + port)),
                "ports " + service.get("ports"));
        assertTrue(String.valueOf(map(service.get("healthcheck"), "healthcheck").get("test")).contains(":" + port + "/metrics"),
                "healthcheck " + service.get("healthcheck"));
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackByDefault() {
        int published = 0;
        for (var e : services.entrySet()) {
            for (String port : strings(e.getValue().get("ports"))) {
                published++;
                // HOST_IP:HOST_PORT:CONTAINER_PORT, the host address defaulting to loopback (PROGRS_BIND_ADDRESS opens it)
                assertTrue(port.startsWith("127.0.0.1:") && port.split(":").length == 3,
                        e.getKey() + " publishes " + port + " beyond loopback; expected ${PROGRS_BIND_ADDRESS:-127.0.0.1}:PORT:PORT");
            }
        }
        assertEquals(5, published, "three brokers, the registry and the monitor are published");
    }

    // ---------------------------------------------------------------------------------- image

    @Test
    void dockerfileBuildsTheLauncherIntoAJre17Image() throws IOException {
        List<String> instructions = dockerfileInstructions();
        Map<String, String> args = new HashMap<>();
        List<String> froms = new ArrayList<>();
        String entrypoint = null;
        List<String> env = new ArrayList<>();
        List<String> copiesFromBuild = new ArrayList<>();
        String buildStage = null;
        String run = "";
        for (String line : instructions) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase();
            String rest = parts.length > 1 ? parts[1] : "";
            switch (keyword) {
                case "ARG" -> {
                    String[] kv = rest.split("=", 2);
                    args.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                case "FROM" -> {
                    String[] from = rest.split("\\s+");
                    String image = resolve(from[0], args);
                    froms.add(image);
                    if (from.length == 3 && from[1].equalsIgnoreCase("AS")) {
                        buildStage = buildStage == null ? from[2] : buildStage;
                    }
                }
                case "ENTRYPOINT" -> entrypoint = rest;
                case "ENV" -> env.add(rest);
                case "COPY" -> {
                    if (rest.startsWith("--from=")) {
                        copiesFromBuild.add(rest);
                    }
                }
                case "RUN" -> run += rest + "\n";
                default -> { }
            }
        }
        assertTrue(froms.size() >= 2, "a multi-stage build: " + froms);
        assertTrue(froms.get(0).startsWith("maven:") && froms.get(0).contains("17"), "build stage on Maven with JDK 17: " + froms.get(0));
        String runtime = froms.get(froms.size() - 1);
        assertTrue(runtime.matches(".*:17[-.].*jre.*|.*jre.*17.*"), "runtime image is a JRE 17: " + runtime);
        assertNotNull(buildStage, "the build stage is named");
        assertTrue(run.contains("mvn") && run.contains("-pl cli -am") && run.contains("package"), "the build stage packages the cli: " + run);
        assertNotNull(entrypoint, "ENTRYPOINT");
        assertTrue(entrypoint.startsWith("[") && entrypoint.replaceAll("[\\[\\]\" ]", "").split(",")[0].endsWith("bin/progrs"),
                "ENTRYPOINT is the launcher, exec form: " + entrypoint);
        assertTrue(env.stream().anyMatch(e -> e.matches("(?s).*OMP_WAIT_POLICY=PASSIVE.*")), "OMP_WAIT_POLICY=PASSIVE in " + env);

        // Every path copied out of the build stage exists after a build (the reactor packaged cli before this module).
        Set<String> copied = new HashSet<>();
        for (String copy : copiesFromBuild) {
            String[] words = copy.split("\\s+");
            assertEquals("--from=" + buildStage, words[0], copy);
            String source = words[1];
            assertTrue(source.startsWith("/src/"), "copied from the build stage's WORKDIR /src: " + copy);
            String relative = source.substring("/src/".length()).replaceAll("/$", "");
            copied.add(relative);
            Path path = root.resolve(relative);
            if (relative.equals("models/warm")) {
                assertTrue(run.contains("mkdir -p models/warm"), "models/warm must exist in the build stage even when nothing is shipped");
            } else {
                assertTrue(Files.exists(path), "COPY source " + relative + " does not exist after the build (" + path + ")");
            }
        }
        assertTrue(copied.containsAll(Set.of("bin/progrs", "cli/target/progrs-cli.jar", "cli/target/lib", "models/warm")), "copied: " + copied);
        assertTrue(Files.isDirectory(root.resolve("cli/target/lib")) && Files.list(root.resolve("cli/target/lib")).findAny().isPresent(),
                "cli/target/lib holds the runtime class path");
    }

    @Test
    void theImageHoldsTheCheckpointsTheCommandsNameAndTheBuildContextKeepsWhatItNeeds() throws IOException {
        List<String> instructions = dockerfileInstructions();
        String run = instructions.stream().filter(i -> i.startsWith("RUN ")).collect(Collectors.joining("\n"));
        // The learner's warm start is shipped in the repository.
        String initOption = option(parse(serviceRunning("learner")), "--init-checkpoint");
        Path init = Path.of(initOption == null ? "models/warm/policy-v0" : initOption);
        assertFalse(init.isAbsolute(), "--init-checkpoint resolves against the image's WORKDIR: " + init);
        assertTrue(Files.isRegularFile(root.resolve(init).resolve("manifest.json")), "shipped warm policy " + init);
        // The scorer's PRM: shipped, or trained by the image build with flags that parse.
        String prmOption = option(parse(serviceRunning("scorer")), "--prm");
        String prm = prmOption == null ? "models/warm/prm-v0" : prmOption;
        if (!Files.isRegularFile(root.resolve(prm).resolve("manifest.json"))) {
            Matcher train = Pattern.compile("bin/progrs (train-prm [^;&|]*)").matcher(run);
            assertTrue(train.find(), "the scorer's PRM " + prm + " is neither shipped nor trained in the image build");
            String[] argv = train.group(1).replace("\"$PRM_MINUTES\"", "3").trim().split("\\s+");
            ParseResult sub = Main.commandLine().parseArgs(argv).subcommand();
            assertEquals(prm, option(sub, "--out"), "the image trains the PRM where the scorer reads it");
        }
        // The build context keeps the sources and the shipped checkpoints.
        List<PathMatcher> ignored = Files.readAllLines(root.resolve("docker/Dockerfile.dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        List<String> needed = new ArrayList<>(List.of("pom.xml", "bin/progrs", "cli/pom.xml", "schemas/src/main/avro",
                init.toString() + "/manifest.json", "tests/pom.xml", "bench/pom.xml"));
        for (String needs : needed) {
            Path p = Path.of(needs);
            for (int i = 1; i <= p.getNameCount(); i++) {
                Path prefix = p.subpath(0, i);
                assertFalse(ignored.stream().anyMatch(m -> m.matches(prefix)), ".dockerignore drops " + prefix + " (needed: " + needs + ")");
            }
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private static ParseResult parse(String service) {
        return PARSED.computeIfAbsent(service, DockerDeploymentFilesTest::parseCommand);
    }

    private static ParseResult parseCommand(String service) {
        List<String> argv = command(services.get(service));
        try {
            ParseResult result = Main.commandLine().parseArgs(argv.toArray(String[]::new));
            assertTrue(result.hasSubcommand(), service + ": no progrs subcommand in " + argv);
            return result.subcommand();
        } catch (CommandLine.ParameterException e) {
            return fail(service + ": `progrs " + String.join(" ", argv) + "` does not parse: " + e.getMessage());
        }
    }

    /** The option's value as given on the command line (converted, then as text), or null when not given. */
    private static String option(ParseResult sub, String name) {
        Object value = sub.matchedOptionValue(name, (Object) null);
        return value == null ? null : value.toString();
    }

    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        if (command instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        assertNotNull(command, "service without a command: " + service);
        return split(String.valueOf(command));
    }

    /** Splits a command string as Compose does (shell words: blanks separate, quotes group). */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        assertEquals(0, quote, "unbalanced quote in " + command);
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static Map<String, Map<String, Object>> progrsServices() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            if (String.valueOf(s.get("image")).startsWith("progrs:")) {
                out.put(name, s);
            }
        });
        assertFalse(out.isEmpty(), "no services on the progrs image");
        return out;
    }

    private static String serviceRunning(String subcommand) {
        return progrsServices().keySet().stream().filter(n -> parse(n).commandSpec().name().equals(subcommand)).findFirst()
                .orElseGet(() -> fail("no service runs progrs " + subcommand));
    }

    private static Map<String, Map<String, String>> brokers() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            if (String.valueOf(s.get("image")).startsWith("apache/kafka:")) {
                out.put(name, environment(s));
            }
        });
        return out;
    }

    private static String registryService() {
        return services.entrySet().stream().filter(e -> environment(e.getValue()).containsKey("SCHEMA_REGISTRY_LISTENERS")
                        || String.valueOf(e.getValue().get("image")).contains("registry"))
                .map(Map.Entry::getKey).findFirst().orElseGet(() -> fail("no schema registry service"));
    }

    /** {@code NAME://host:port,...} → name → {@code host:port} (or {@code port} when the host is empty). */
    private static Map<String, String> listeners(String spec) {
        assertNotNull(spec, "listener list");
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            String[] nameAndAddress = l.trim().split("://", 2);
            String address = nameAndAddress[1];
            out.put(nameAndAddress[0], address.startsWith(":") ? address.substring(1) : address);
        }
        return out;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object item : l) {
                String[] kv = String.valueOf(item).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    /** Volume or bind source → container path. */
    private static Map<String, String> volumeMounts(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : strings(service.get("volumes"))) {
            String[] parts = v.split(":");
            assertTrue(parts.length >= 2, "volume without a target: " + v);
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    private static String mountSpec(String service, String containerPath) {
        return strings(services.get(service).get("volumes")).stream().filter(v -> v.split(":")[1].equals(containerPath)).findFirst()
                .orElseGet(() -> fail(service + ": nothing mounted at " + containerPath));
    }

    private static String volumeAt(String service, String containerPath) {
        return mountSpec(service, containerPath).split(":")[0];
    }

    private static Map<String, String> dependsOn(Map<String, Object> service) {
        Object d = service.get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (d instanceof List<?> l) {
            l.forEach(n -> out.put(String.valueOf(n), "service_started"));
        } else if (d instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> c && c.get("condition") != null
                    ? String.valueOf(c.get("condition")) : "service_started"));
        }
        return out;
    }

    private static boolean reaches(String from, String target, Set<String> seen) {
        for (String next : dependsOn(services.get(from)).keySet()) {
            if (next.equals(target) || seen.add(next) && services.containsKey(next) && reaches(next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        assertTrue(value instanceof Map, what + " is not a mapping: " + value);
        return (Map<String, Object>) value;
    }

    /** Replaces {@code ${NAME:-default}} as Compose does with NAME unset (the file must work without an .env). */
    private static Object interpolate(Object value) {
        if (value instanceof String s) {
            Matcher m = VARIABLE.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                assertNotNull(m.group(2), "${" + m.group(1) + "} has no default: " + s);
                m.appendReplacement(out, Matcher.quoteReplacement(m.group(2)));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(DockerDeploymentFilesTest::interpolate).toList();
        }
        return value;
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(root.resolve("docker/Dockerfile"), StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                current.append(line);
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        assertTrue(current.isEmpty(), "the Dockerfile ends in a continuation");
        return out;
    }

    private static String resolve(String image, Map<String, String> args) {
        Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(image);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String pomProperty(String name) throws IOException {
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertTrue(m.find(), "root pom property " + name);
        return m.group(1).trim();
    }
}
