package dev.progrs.cli.kafka;

import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.RestSchemaRegistryClient;
import dev.progrs.schemas.registry.SchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry a command uses: a Confluent-compatible REST registry when {@code --registry-url}
 * is given, else the schemas stored in the cluster's {@code progrs._schemas} topic.
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
        if (options.registryUrl != null && !options.registryUrl.isBlank()) {
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(options.registryUrl);
            LOG.info("{}", client.describe());
            return new RegistryConnection(new CachingSchemaRegistry(client), null);
        }
        EmbeddedSchemaRegistry embedded = EmbeddedSchemaRegistry.start(options.bootstrapServers, EmbeddedSchemaRegistry.NO_HTTP);
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
