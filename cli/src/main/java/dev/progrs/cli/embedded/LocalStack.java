package dev.progrs.cli.embedded;

import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Everything a one-machine pipeline needs before its workers start: the embedded broker with the
 * pipeline's topics created and led.
 */
public final class LocalStack implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private boolean closed;

    private LocalStack(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /** Starts the broker on {@code config} and creates the topics with {@code partitions} partitions. */
    public static LocalStack start(EmbeddedKafkaConfig config, int registryPort, int partitions) {
        EmbeddedKafka kafka = EmbeddedKafka.start(config);
        try {
            TopicLayout layout = new TopicLayout(partitions, (short) 1, 1, Duration.ofDays(30));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                TopicSetup.ensure(admin, layout.specs(), (short) 1, Duration.ofSeconds(60));
            }
            return new LocalStack(kafka);
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kafka.close();
    }
}
