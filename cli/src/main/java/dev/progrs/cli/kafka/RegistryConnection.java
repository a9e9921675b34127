package dev.progrs.cli.kafka;

import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.RegistryClientSettings;
import dev.progrs.schemas.registry.RegistryRetryPolicy;
import dev.progrs.schemas.registry.RestSchemaRegistryClient;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.stage.cluster.KafkaClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry a command uses: a Confluent-compatible REST registry when {@code --registry-url}
 * is given (with its basic auth and TLS settings), else the schemas stored in the cluster's
 * {@code progrs._schemas} topic, read and written with the cluster's client settings.
 */
public final class RegistryConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryConnection.class);
    private final SchemaRegistry registry;
    private final AutoCloseable owned;

    private RegistryConnection(SchemaRegistry registry, AutoCloseable owned) {
        this.registry = registry;
        this.owned = owned;
    }

    /** Opens the registry named by {@code options}. */
    public static RegistryConnection open(KafkaOptions options) {
        return open(options.settings(), options.registryUrl, options.registrySettings());
    }

    /** Opens the REST registry at {@code registryUrl} if given, else the schema log on the cluster of {@code client}. */
    public static RegistryConnection open(KafkaClientSettings client, String registryUrl, RegistryClientSettings registrySettings) {
        if (registryUrl != null && !registryUrl.isBlank()) {
            RestSchemaRegistryClient rest = new RestSchemaRegistryClient(registryUrl, registrySettings,
                    RegistryRetryPolicy.fromSystemProperties());
            LOG.info("{}", rest.describe());
            return new RegistryConnection(new CachingSchemaRegistry(rest), null);
        }
        EmbeddedSchemaRegistry embedded = EmbeddedSchemaRegistry.start(client.asMap(), EmbeddedSchemaRegistry.NO_HTTP);
        return new RegistryConnection(CachingSchemaRegistry.wrap(embedded), embedded);
    }

    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }
}
