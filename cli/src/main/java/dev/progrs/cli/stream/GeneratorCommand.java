package dev.progrs.cli.stream;

import ai.djl.Device;
import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.options.GenerationOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.generator.worker.PolicyGate;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.stage.settings.InvalidSettingException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs generator}: one generator worker until Ctrl-C, {@code --run-for} or
 * {@code --max-groups}. A thin shell over {@link GeneratorWorker}; scale out by starting more, each
 * with its own {@code --generator-id}.
 */
@Command(name = "generator", mixinStandardHelpOptions = true,
        description = "Run a generator worker: consume progrs.prompts (consumer group progrs-generator), sample K solutions "
                + "per prompt with the newest policy announced on progrs.policy, verify them, and publish one Trajectory per "
                + "sample to progrs.trajectories (key: group id), each group atomically with its prompt's offset.")
public final class GeneratorCommand implements Callable<Integer> {

    private static final GeneratorConfig D = GeneratorConfig.defaults("default");

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--generator-id", description = "Unique, stable id of this worker (also its transactional id); a restart with "
            + "the same id aborts what the previous run left open. Default: the host name.")
    String generatorId;

    @Option(names = "--checkpoint-dir", defaultValue = "progrs-data/checkpoints",
            description = "Root of the shared-directory checkpoint store the announced versions live in (default: ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Mixin
    GenerationOptions generation;

    @Option(names = "--batch-linger-ms", description = "Once a prompt has arrived, wait up to this long for more to fill "
            + "--prompts-per-batch (default: ${DEFAULT-VALUE}).")
    long batchLingerMs = D.batchLinger().toMillis();

    @Option(names = "--max-staleness", description = "Take no prompts while the loaded policy is more than this many versions "
            + "behind the newest announced one (default: ${DEFAULT-VALUE}).")
    int maxStaleness = D.maxStaleness();

    @Option(names = "--sync-groups", description = "Synchronous mode: after N groups under one policy version, wait for the next "
            + "version; 0 = asynchronous (default: ${DEFAULT-VALUE}).")
    int syncGroups = 0;

    @Option(names = "--seed", description = "Seed of the sampling seeds (default: ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--consumer-group", description = "Consumer group of the prompt readers (default: ${DEFAULT-VALUE}).")
    String consumerGroup = D.consumerGroup();

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device: cpu, gpu, gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--run-for", defaultValue = "0", description = "Stop after N seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    int runForSeconds;

    @Option(names = "--max-groups", defaultValue = "0", description = "Stop after N committed groups; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long maxGroups;

    @Option(names = "--stats-every", defaultValue = "10", description = "Print the counters every N seconds; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    int statsEverySeconds;

    @Override
    public Integer call() throws Exception {
        kafka.settings(); // a bad --kafka-config is refused before anything starts
        String id = generatorId != null ? generatorId : defaultGeneratorId();
        GeneratorConfig config = generation.applyTo(GeneratorConfig.defaults(id), seed).withMaxStaleness(maxStaleness).withSeed(seed)
                .withConsumerGroup(consumerGroup).withBatchLinger(Duration.ofMillis(batchLingerMs));
        PolicyGate gate = PolicyGate.staleness(maxStaleness);
        InvalidSettingException.require(syncGroups >= 0, "--sync-groups", syncGroups, "0 (asynchronous) or an integer >= 1");
        if (syncGroups > 0) {
            gate = gate.and(PolicyGate.sync(syncGroups));
        }
        System.out.println("progrs generator: " + config.describe() + (syncGroups > 0 ? ", sync-groups=" + syncGroups : ""));
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(checkpointDir);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ShutdownSignal stop = ShutdownSignal.install("progrs-generator", Duration.ofSeconds(60));
             RegistryConnection registry = RegistryConnection.open(kafka);
             GeneratorWorker worker = new GeneratorWorker(config, kafka.clientProperties(), registry.registry(), store,
                     Device.fromName(device)).gate(gate)) {
            Thread runner = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    stop.request();
                }
            }, "progrs-generator-" + id);
            runner.start();
            long endAt = runForSeconds > 0 ? System.currentTimeMillis() + runForSeconds * 1000L : Long.MAX_VALUE;
            long lastStats = System.currentTimeMillis();
            while (System.currentTimeMillis() < endAt && !stop.await(Duration.ofMillis(200))) {
                if (maxGroups > 0 && worker.stats().groups() >= maxGroups) {
                    break;
                }
                if (statsEverySeconds > 0 && System.currentTimeMillis() - lastStats >= statsEverySeconds * 1000L) {
                    lastStats = System.currentTimeMillis();
                    System.out.println("progrs generator " + id + ": " + worker.stats());
                }
            }
            worker.shutdown();
            runner.join(Duration.ofSeconds(60).toMillis());
            System.out.println("progrs generator " + id + ": " + worker.stats());
        }
        if (failure.get() != null) {
            if (failure.get() instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(failure.get());
        }
        return 0;
    }

    private static String defaultGeneratorId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "generator";
        }
        String id = host.replaceAll("[^A-Za-z0-9_-]", "-");
        return id.isEmpty() ? "generator" : id.substring(0, Math.min(id.length(), 100));
    }
}
