package dev.progrs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.cli.Main;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.generator.policy.PolicyPublisher;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline against a broker that lets no one in without credentials: the embedded broker's only
 * client listener is SASL_SSL (SASL/PLAIN over TLS, the test-only certificate of the schemas module's
 * {@code src/test/resources/tls}). The commands get the credentials through {@code --kafka-config}
 * exactly as a user would give them: {@code progrs topics} (admin client), {@code scorer} (consumer,
 * transactional producer), {@code centering} (Kafka Streams with exactly_once_v2 and its admin client),
 * {@code generator} (consumer, transactional producer, policy follower), {@code monitor --once}
 * (consumer), each also opening the schema log of {@code progrs._schemas} (admin, producer, consumer);
 * the policy and the prompts are written by in-process stages from the same settings. Four prompts
 * must come out as four groups in {@code progrs.advantages}. A client without credentials, and one
 * with a wrong password, are refused.
 */
@Tag("slow")
class SaslPipelineTest {
    private static final int PROMPTS = 4;
    private static final int K = 2;
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = SaslPipelineTest.class.getResourceAsStream("/tls/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource /tls/" + name + " missing (schemas test-jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** One SASL_SSL client listener; the controller stays on its own PLAINTEXT loopback listener. */
    private static EmbeddedKafkaConfig saslBroker(Path data) throws IOException {
        int port = freePort();
        int controller = freePort();
        String cert = resource("cert.pem");
        Map<String, String> p = new HashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        // the broker's own inter-broker login (username/password) and the users it accepts (user_NAME)
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\" user_" + USER + "=\"" + PASSWORD + "\";");
        p.put("ssl.keystore.type", "PEM");
        p.put("ssl.keystore.certificate.chain", cert);
        p.put("ssl.keystore.key", resource("key.pem"));
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", cert);
        return new EmbeddedKafkaConfig(data, port, controller, p);
    }

    @Test
    void thePipelineRunsOnSaslSslWithTheKafkaConfigFileAndNobodyElseGetsIn() throws Exception {
        Path certFile = dir.resolve("ca.pem");
        Files.writeString(certFile, resource("cert.pem"));
        Map<String, String> credentials = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas(USER, PASSWORD), "ssl.truststore.type", "PEM",
                "ssl.truststore.location", certFile.toString());
        Path configFile = dir.resolve("client.properties");
        StringBuilder text = new StringBuilder("# what a user hands to --kafka-config\n");
        credentials.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(configFile, text);
        Path wrongFile = dir.resolve("wrong.properties");
        Files.writeString(wrongFile, text.toString().replace(PASSWORD, "guess"));

        try (LocalStack stack = LocalStack.start(saslBroker(dir.resolve("kafka")), credentials, EmbeddedSchemaRegistry.NO_HTTP, 2)) {
            String bootstrap = stack.bootstrapServers();
            KafkaClientSettings settings = KafkaClientSettings.load(configFile, bootstrap);

            // refused: no credentials at all (plain text to a TLS port never gets an answer), and a wrong password
            try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000))) {
                assertThrows(ExecutionException.class, () -> anonymous.listTopics().names().get(10, TimeUnit.SECONDS),
                        "a client without credentials lists no topics");
            }
            Map<String, Object> wrong = new HashMap<>(KafkaClientSettings.load(wrongFile, bootstrap).asMap());
            wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 9_000);
            try (Admin guesser = Admin.create(wrong)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> guesser.listTopics().names().get(15, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
            }
            Run refused = run("topics", "--bootstrap-servers", bootstrap, "--kafka-config", wrongFile.toString(),
                    "--timeout", "PT15S");
            assertNotEquals(0, refused.code(), refused.err());
            assertTrue(refused.err().contains("Authentication failed"), refused.err());

            // admitted: the admin client of `progrs topics` (verifies the topics LocalStack created through the same settings)
            Run topics = run("topics", "--bootstrap-servers", bootstrap, "--kafka-config", configFile.toString(),
                    "--partitions", "2", "--timeout", "PT60S");
            assertEquals(0, topics.code(), topics.err());
            assertTrue(topics.out().contains("progrs.advantages"), topics.out());

            // version 0 of a tiny policy, then the stages
            SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(dir.resolve("store"));
            try (PolicyPublisher publisher = new PolicyPublisher(settings.properties(), stack.registry(), store);
                 PolicyModel m = PolicyModel.create(GeneratorFixture.tinyArchitecture(), GeneratorFixture.TOKENIZER, Device.cpu(), 5)) {
                m.setVersion(0);
                publisher.publish(m, null, Map.of("test", "random tiny policy"));
            }
            Path prm = ScorerFixtures.tinyPrm(dir.resolve("prm"), 5);
            String[] common = {"--bootstrap-servers", bootstrap, "--kafka-config", configFile.toString()};
            List<Thread> commands = new ArrayList<>();
            Map<String, AtomicInteger> codes = new HashMap<>();
            command(commands, codes, "scorer", concat(new String[] {"scorer", "--prm", prm.toString(), "--scorer-id", "sasl-scorer",
                    "--batch-size", "4", "--metrics-every", "0", "--run-for", "90"}, common));
            command(commands, codes, "centering", concat(new String[] {"centering", "--application-id", "sasl-centering",
                    "--state-dir", dir.resolve("streams").toString(), "--metrics-every", "0",
                    "--run-for", "90"}, common));
            command(commands, codes, "generator", concat(new String[] {"generator", "--generator-id", "sasl-gen", "--checkpoint-dir",
                    store.root().toString(), "--group-size", Integer.toString(K), "--prompts-per-batch", "2", "--max-new-tokens", "16",
                    "--max-staleness", "10", "--max-groups", Integer.toString(PROMPTS), "--stats-every", "0", "--run-for", "150"}, common));

            PromptFeeder feeder = new PromptFeeder(FeederConfig.of(new AdmissionControl(10, 8), PROMPTS), settings.properties(),
                    stack.registry(), new ArithmeticPromptSource(GeneratorFixture.SUITE, 2, 3, 0, 1));
            Thread feederThread = new Thread(feeder, "sasl-feeder");
            feederThread.start();
            try (FaultHarness.AdvantagesVerifier v = new FaultHarness.AdvantagesVerifier(settings.asMap(), stack.registry())) {
                assertEquals(PROMPTS, v.pollUntil(PROMPTS, Duration.ofSeconds(150)), "groups in progrs.advantages");
                v.settle(Duration.ofSeconds(1));
                assertEquals(List.of(), v.duplicates());
            } finally {
                feeder.shutdown();
                feederThread.join(30_000);
                feeder.close();
                for (Thread t : commands) {
                    t.join(180_000);
                }
            }
            codes.forEach((name, code) -> assertEquals(0, code.get(), "progrs " + name + " exit code"));

            // the monitor's consumer reads both topics through the same file
            Run monitor = run(concat(new String[] {"monitor", "--once"}, common));
            assertEquals(0, monitor.code(), monitor.err());
            assertTrue(monitor.out().contains("records read"), monitor.out());
        }
    }

    /** What one in-process command printed (commands print to System.out and System.err). */
    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            picocli.CommandLine cl = Main.commandLine();
            java.io.StringWriter picocliErr = new java.io.StringWriter();
            cl.setErr(new java.io.PrintWriter(picocliErr, true));
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), picocliErr + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.out.print(out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void command(List<Thread> threads, Map<String, AtomicInteger> codes, String name, String... args) {
        AtomicInteger code = new AtomicInteger(-1);
        codes.put(name, code);
        Thread t = new Thread(() -> code.set(Main.commandLine().execute(args)), "sasl-" + name);
        t.start();
        threads.add(t);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
