package dev.progrs.cli.kafka;

import dev.progrs.schemas.registry.RegistryClientSettings;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command authenticates to a cluster and its registry: the Kafka client properties file (as
 * Kafka's own tools take {@code --command-config}) and the registry's basic-auth user. Shared by
 * {@link KafkaOptions} and {@code progrs run}.
 */
public final class ClusterSecurityOptions {
    /** The environment variable read for the registry password when {@code --registry-password} is not given. */
    public static final String REGISTRY_PASSWORD_ENV = "PROGRS_REGISTRY_PASSWORD";

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties applied to every producer, consumer, admin client, Streams application and "
                    + "schema-log client, e.g. security.protocol=SASL_SSL, sasl.mechanism, sasl.jaas.config, "
                    + "ssl.truststore.location; may hold bootstrap.servers, and the registry's basic.auth.user.info and "
                    + "schema.registry.ssl.* (README, \"Security\"). Checked whole before anything connects.")
    public Path kafkaConfig;

    @Option(names = "--registry-user", paramLabel = "USER",
            description = "Basic-auth user of --registry-url (instead of basic.auth.user.info in --kafka-config).")
    public String registryUser;

    @Option(names = "--registry-password", paramLabel = "PASSWORD",
            description = "Its password (default: the environment variable " + REGISTRY_PASSWORD_ENV + ", which keeps it out of "
                    + "the process list).")
    public String registryPassword;

    /** The Kafka client settings: {@code bootstrapServers} (when given) over the file's over the default. */
    public KafkaClientSettings clientSettings(String bootstrapServers) {
        return KafkaClientSettings.load(kafkaConfig, bootstrapServers);
    }

    /** The registry client's settings: the file's registry keys, with {@code --registry-user} over them. */
    public RegistryClientSettings registrySettings(KafkaClientSettings client) {
        RegistryClientSettings fromFile = client.registrySettings();
        if (registryUser == null) {
            if (registryPassword != null) {
                throw new IllegalArgumentException("--registry-password without --registry-user; give both, or "
                        + RegistryClientSettings.USER_INFO + "=user:password in --kafka-config");
            }
            return fromFile;
        }
        String password = registryPassword != null ? registryPassword : System.getenv(REGISTRY_PASSWORD_ENV);
        return fromFile.withUser(registryUser, password);
    }
}
