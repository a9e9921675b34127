package dev.progrs.cli.embedded;

import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.cli.topics.TopicSetup;
import java.time.Duration;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * Everything a one-machine pipeline needs before its workers start: the embedded broker with the
 * pipeline's topics created and led, and the schema registry whose schemas live in
 * {@code progrs._schemas} next to the data.
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final KafkaClientSettings clientSettings;
    private final EmbeddedSchemaRegistry registry;
    private boolean closed;

    private LocalStack(EmbeddedKafka kafka, KafkaClientSettings clientSettings, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.clientSettings = clientSettings;
        this.registry = registry;
    }

    /**
     * Starts the broker on {@code config}, creates the topics with {@code partitions} partitions and
     * starts the registry with its Confluent REST API on {@code registryPort} (0: free port;
     * {@link EmbeddedSchemaRegistry#NO_HTTP}: none).
     */
    public static LocalStack start(EmbeddedKafkaConfig config, int registryPort, int partitions) {
        return start(config, Map.of(), registryPort, partitions);
    }

    /**
     * The same for a broker whose listener wants credentials (e.g. SASL in
     * {@link EmbeddedKafkaConfig#extraProperties}): the topic set-up and the registry's log connect
     * with the {@code clientProperties} (e.g. {@code security.protocol}, {@code sasl.jaas.config}).
     */
    public static LocalStack start(EmbeddedKafkaConfig config, Map<String, String> clientProperties, int registryPort,
                                   int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        try {
            KafkaClientSettings settings = new KafkaClientSettings(kafka.bootstrapServers(), clientProperties, Map.of(),
                    Optional.empty());
            TopicLayout layout = new TopicLayout(partitions, (short) 1, 1, Duration.ofDays(30));
            try (Admin admin = Admin.create(settings.asMap())) {
                TopicSetup.ensure(admin, layout.specs(), (short) 1, Duration.ofSeconds(60));
            }
            return new LocalStack(kafka, settings, EmbeddedSchemaRegistry.start(settings.asMap(), registryPort));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The settings the stack's own clients use: the broker's address and the credentials it was started with. */
    public KafkaClientSettings clientSettings() {
        return clientSettings;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedSchemaRegistry registry() {
        return registry;
    }

    /** URL of the registry's Confluent REST API (reads and registrations). */
    public String registryUrl() {
        return registry.url();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        registry.close();
        kafka.close();
    }
}
