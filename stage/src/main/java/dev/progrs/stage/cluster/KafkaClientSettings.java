package dev.progrs.stage.cluster;

import dev.progrs.schemas.registry.RegistryClientSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one place a process's Kafka client settings come from: the bootstrap servers and whatever a
 * cluster asks of its clients (SASL, TLS, timeouts), loaded from a properties file like the
 * {@code --command-config} of Kafka's own tools. Every producer, consumer, admin client, Streams
 * application and schema-registry log the process opens starts from {@link #properties()}; the stage
 * then sets the keys its guarantees depend on ({@link #STAGE_KEYS}), which the file may therefore not
 * hold.
 *
 * <p>The file is checked whole before anything connects: every line must be {@code key=value} with a
 * key that a Kafka producer, consumer or admin client defines (its value parsed and validated as that
 * client would) or a registry key ({@link RegistryClientSettings#isRegistryKey}); the registry keys are
 * kept apart ({@link #registry()}) so no Kafka client warns about them. An error names the file, and
 * each bad line by number with what would be accepted.
 *
 * @param bootstrapServers {@code host:port[,...]}
 * @param client           the file's Kafka client keys (no {@code bootstrap.servers})
 * @param registry         the file's registry keys
 * @param source           the file they came from, if any
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> client, Map<String, String> registry,
                                  Optional<Path> source) {
    /** The address {@code progrs up} uses by default. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    /** Keys each stage sets itself (exactly-once, grouping, serialisation); a file setting them is refused. */
    public static final Set<String> STAGE_KEYS = Set.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            CommonClientConfigs.CLIENT_ID_CONFIG);

    private static final List<ConfigDef> CLIENT_DEFS = List.of(AdminClientConfig.configDef(), ProducerConfig.configDef(),
            ConsumerConfig.configDef());
    private static final List<String> SECRET_MARKERS = List.of("password", "jaas", "user.info", "secret", "keystore.key",
            "credentials", "token");

    public KafkaClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are empty; accepted: host:port[,host:port...]");
        }
        client = Map.copyOf(client);
        registry = Map.copyOf(registry);
        source = source == null ? Optional.empty() : source;
    }

    /** Plain settings: only the bootstrap servers. */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of(), Map.of(), Optional.empty());
    }

    /**
     * Settings from {@code file} (or none when null); {@code bootstrapServers}, when given, wins over the
     * file's {@code bootstrap.servers}, which wins over {@link #DEFAULT_BOOTSTRAP}.
     *
     * @throws IllegalArgumentException naming the file and every bad line
     */
    public static KafkaClientSettings load(Path file, String bootstrapServers) {
        if (file == null) {
            return of(bootstrapServers != null ? bootstrapServers : DEFAULT_BOOTSTRAP);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Kafka client config " + file + ": " + (Files.exists(file) ? "not a regular file"
                    : "no such file") + "; expected a properties file of Kafka client settings (e.g. security.protocol, "
                    + "sasl.mechanism, sasl.jaas.config, ssl.truststore.location)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Kafka client config " + file + ": not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Kafka client config " + file + ": cannot be read: " + e, e);
        }
        return parse(text, file, bootstrapServers);
    }

    /** Checks and sorts {@code text} as {@link #load} does; {@code file} names it in errors. */
    static KafkaClientSettings parse(String text, Path file, String bootstrapServers) {
        Map<String, String> client = new TreeMap<>();
        Map<String, String> registry = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String fileBootstrap = null;
        for (Line line : logicalLines(text)) {
            Properties one = new Properties();
            try {
                one.load(new java.io.StringReader(line.text()));
            } catch (IOException | IllegalArgumentException e) {
                problems.add("line " + line.number() + ": cannot be parsed (" + e.getMessage() + ")");
                continue;
            }
            for (String key : one.stringPropertyNames()) {
                String value = one.getProperty(key).trim();
                String problem = check(key, value);
                if (problem != null) {
                    problems.add("line " + line.number() + ": " + problem);
                } else if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                    fileBootstrap = value;
                } else if (RegistryClientSettings.isRegistryKey(key)) {
                    registry.put(key, value);
                } else {
                    client.put(key, value);
                }
            }
        }
        if (problems.isEmpty()) {
            try {
                RegistryClientSettings.fromProperties(registry);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Kafka client config " + file + " has " + problems.size() + " bad line"
                    + (problems.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", problems));
        }
        String bootstrap = bootstrapServers != null ? bootstrapServers : fileBootstrap != null ? fileBootstrap : DEFAULT_BOOTSTRAP;
        return new KafkaClientSettings(bootstrap, client, registry, Optional.of(file));
    }

    /** @return what is wrong with {@code key=value}, or null */
    private static String check(String key, String value) {
        if (value.isEmpty()) {
            return "'" + key + "' has no value; expected key=value";
        }
        if (RegistryClientSettings.isRegistryKey(key)) {
            return null;
        }
        if (STAGE_KEYS.contains(key)) {
            return "'" + key + "' is set by each stage itself (its exactly-once, grouping or serialisation depends on it); "
                    + "remove it from the file";
        }
        for (ConfigDef def : CLIENT_DEFS) {
            ConfigDef.ConfigKey configKey = def.configKeys().get(key);
            if (configKey != null) {
                try {
                    Object parsed = ConfigDef.parseType(key, value, configKey.type);
                    if (configKey.validator != null) {
                        configKey.validator.ensureValid(key, parsed);
                    }
                    return null;
                } catch (ConfigException e) {
                    return "'" + key + "' = " + (isSecret(key) ? "[hidden]" : value) + ": " + e.getMessage()
                            + (configKey.validator == null ? "" : "; accepted: " + configKey.validator);
                }
            }
        }
        return "'" + key + "' is not a Kafka client setting (producer, consumer or admin) nor a registry setting ("
                + RegistryClientSettings.acceptedKeys() + ")";
    }

    /** Client properties: the bootstrap servers and the file's Kafka keys; a fresh copy each call. */
    public Properties properties() {
        Properties p = new Properties();
        p.putAll(client);
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** {@link #properties()} as a map, for the clients that take one. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new HashMap<>(client);
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return m;
    }

    /** The same settings on other bootstrap servers. */
    public KafkaClientSettings withBootstrapServers(String servers) {
        return new KafkaClientSettings(servers, client, registry, source);
    }

    /** The registry client's settings (basic auth, TLS) from the file's registry keys. */
    public RegistryClientSettings registrySettings() {
        return RegistryClientSettings.fromProperties(registry);
    }

    /** One line for start-up logs: the servers, the file and its keys, secrets hidden. */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        client.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
        return "bootstrap.servers=" + bootstrapServers + source.map(f -> ", client config " + f + " " + shown).orElse("");
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[" + describe() + "]";
    }

    /** Whether {@code key}'s value must not be printed (passwords, JAAS configurations, keys, tokens). */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_MARKERS.stream().anyMatch(k::contains);
    }

    private record Line(int number, String text) {
    }

    /** The file's non-blank, non-comment logical lines (a line ending in an odd number of backslashes continues). */
    private static List<Line> logicalLines(String text) {
        List<Line> lines = new ArrayList<>();
        String[] physical = text.split("\r\n|\r|\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < physical.length; i++) {
            String raw = physical[i];
            String trimmed = raw.stripLeading();
            if (current == null) {
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    continue;
                }
                current = new StringBuilder();
                start = i + 1;
            }
            current.append(raw).append('\n');
            if (!continues(raw)) {
                lines.add(new Line(start, current.toString()));
                current = null;
            }
        }
        if (current != null) {
            lines.add(new Line(start, current.toString()));
        }
        return lines;
    }

    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
