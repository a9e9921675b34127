package dev.progrs.cli.embedded;

import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.cli.topics.TopicSetup;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Everything a one-machine pipeline needs before its workers start: the embedded broker with the
 * pipeline's topics created and led, and the schema registry whose schemas live in
 * {@code progrs._schemas} next to the data.
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private boolean closed;

    private LocalStack(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts the broker on {@code config}, creates the topics with {@code partitions} partitions and
     * starts the registry with its Confluent REST API on {@code registryPort} (0: free port;
     * {@link EmbeddedSchemaRegistry#NO_HTTP}: none).
     */
    public static LocalStack start(EmbeddedKafkaConfig config, int registryPort, int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        try {
            TopicLayout layout = new TopicLayout(partitions, (short) 1, 1, Duration.ofDays(30));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicSetup.ensure(admin, layout.specs(), (short) 1, Duration.ofSeconds(60));
            }
            return new LocalStack(kafka, EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), registryPort));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
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
