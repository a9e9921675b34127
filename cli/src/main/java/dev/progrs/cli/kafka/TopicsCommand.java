package dev.progrs.cli.kafka;

import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code progrs topics}: creates the pipeline's missing topics on a cluster and lists them all. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create missing pipeline topics on --bootstrap-servers, verify existing ones, and list them.")
public final class TopicsCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the keyed topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor (default: ${DEFAULT-VALUE}; 3 in a real cluster).")
    short replicationFactor;

    @Option(names = "--min-insync-replicas", defaultValue = "1", description = "min.insync.replicas (default: ${DEFAULT-VALUE}; 2 in a real cluster).")
    int minInsync;

    @Option(names = "--retention-days", defaultValue = "30",
            description = "Retention of trajectories, scores and advantages for replay, in days; -1 keeps them forever (default: ${DEFAULT-VALUE}).")
    long retentionDays;

    @Option(names = "--timeout", defaultValue = "PT30S", description = "How long to wait for the cluster (ISO-8601 duration, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        TopicLayout layout = new TopicLayout(partitions, replicationFactor, minInsync,
                retentionDays < 0 ? null : Duration.ofDays(retentionDays));
        var props = kafka.clientProperties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // the admin client refuses an API timeout below the request timeout (30 s by default)
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            List<TopicSetup.Outcome> outcomes = TopicSetup.ensure(admin, layout.specs(), replicationFactor, timeout);
            System.out.printf("%-22s %10s  %s%n", "topic", "partitions", "status");
            for (TopicSetup.Outcome o : outcomes) {
                String status = o.created() ? "created" : "exists";
                if (!o.warnings().isEmpty()) {
                    status += "; WARNING: " + String.join("; ", o.warnings());
                }
                System.out.printf("%-22s %10d  %s%n", o.topic(), o.partitions(), status);
            }
        }
        return 0;
    }
}
