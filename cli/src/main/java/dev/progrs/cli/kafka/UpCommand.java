package dev.progrs.cli.kafka;

import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code progrs up}: an embedded broker and schema registry, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker (KRaft) and schema registry on 127.0.0.1, create the topics, "
                + "print their addresses and run until Ctrl-C. Data persists in --data-dir.")
public final class UpCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "progrs-data", description = "Data directory; Kafka logs go to DIR/kafka (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "9092", description = "Kafka client port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--controller-port", defaultValue = "0", description = "KRaft controller port; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Port of the schema registry's Confluent REST API (reads and registrations); 0 = any free port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the keyed topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        var config = new EmbeddedKafkaConfig(dataDir.resolve("kafka"), port, controllerPort, Map.of());
        // the signal is opened first, so it is released after the stack has closed
        try (ShutdownSignal shutdown = ShutdownSignal.install("progrs-up", java.time.Duration.ofSeconds(60));
             LocalStack stack = LocalStack.start(config, registryPort, partitions)) {
            System.out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
            System.out.println("Schema registry (Confluent REST API): " + stack.registryUrl());
            System.out.println("Data directory: " + dataDir.toAbsolutePath());
            System.out.println("Up. Press Ctrl-C to stop.");
            System.out.flush();
            shutdown.await();
        }
        return 0;
    }
}
