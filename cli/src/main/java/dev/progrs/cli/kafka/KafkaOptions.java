package dev.progrs.cli.kafka;

import dev.progrs.schemas.registry.RegistryClientSettings;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.util.Properties;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a running cluster shares: where it is, how to
 * authenticate to it ({@link ClusterSecurityOptions}), and which registry holds the schemas.
 * {@link #settings()} is the one source of every Kafka client's properties; a command calls it
 * first, so a bad {@code --kafka-config} is refused (exit 2, naming the file) before anything starts.
 */
public final class KafkaOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else "
                    + KafkaClientSettings.DEFAULT_BOOTSTRAP + ", the address `progrs up` uses by default).")
    public String bootstrapServers;

    @Option(names = "--registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (e.g. http://host:8081 or https://...). Default: the schemas "
                    + "stored in the cluster's progrs._schemas topic (what the embedded registry writes).")
    public String registryUrl;

    @Mixin
    public ClusterSecurityOptions security = new ClusterSecurityOptions();

    private KafkaClientSettings settings;

    /** Options for {@code bootstrapServers} and {@code registryUrl} (may be null), no client config file. */
    public static KafkaOptions of(String bootstrapServers, String registryUrl) {
        KafkaOptions o = new KafkaOptions();
        o.bootstrapServers = bootstrapServers;
        o.registryUrl = registryUrl;
        return o;
    }

    /**
     * The cluster's client settings, loaded and checked on the first call.
     *
     * @throws IllegalArgumentException naming the file and its bad lines
     */
    public synchronized KafkaClientSettings settings() {
        if (settings == null) {
            settings = security.clientSettings(bootstrapServers);
            registrySettings(); // a bad registry user is refused as early as a bad file
        }
        return settings;
    }

    /** The registry client's settings (basic auth, TLS). */
    public RegistryClientSettings registrySettings() {
        return security.registrySettings(settings());
    }

    /** Client properties: the bootstrap servers and the client config file's settings; a fresh copy each call. */
    public Properties clientProperties() {
        return settings().properties();
    }
}
