package dev.progrs.cli.stream;

import ai.djl.Device;
import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.cli.options.GrpoOptions;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs learner}: the GRPO learner until Ctrl-C, {@code --run-for} or {@code --max-versions}.
 * A thin shell over {@link LearnerWorker}; one learner per pipeline.
 */
@Command(name = "learner", mixinStandardHelpOptions = true,
        description = "Run the learner: consume progrs.advantages, train the policy with the clipped GRPO surrogate on batches of "
                + "B groups (U optimiser steps each), checkpoint every new version into the shared store and announce it on "
                + "progrs.policy atomically with the batch's consumer offsets (one Kafka transaction). Restart-safe: a version "
                + "checkpointed but not announced before a crash is announced on restart, never trained twice.")
public final class LearnerCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--checkpoint-dir", defaultValue = "progrs-data/checkpoints",
            description = "Root of the shared-directory checkpoint store the generators read (default: ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(names = "--init-checkpoint", defaultValue = "models/warm/policy-v0",
            description = "Warm-start checkpoint announced as the first version when progrs.policy holds none; ignored otherwise "
                    + "(default: ${DEFAULT-VALUE}).")
    Path initCheckpoint;

    @Option(names = "--reference-checkpoint", description = "Frozen reference policy of the KL term (--beta > 0). Default: the "
            + "store's lowest version (the warm start).")
    Path referenceCheckpoint;

    @Mixin
    GrpoOptions grpoOptions;

    @Option(names = "--temperature", description = "The generators' sampling temperature: the ratio compares the policy at this "
            + "temperature with the behaviour log-probs (default: ${DEFAULT-VALUE}).")
    float temperature = dev.progrs.learner.grpo.GrpoConfig.defaults().temperature();

    @Option(names = "--sync", description = "Synchronous (on-policy) mode: train only on groups of the current version. Run the "
            + "generators with --sync-groups = batch-groups / number of generators, so they wait for each new version.")
    boolean sync;

    @Option(names = "--batch-timeout", description = "Train on a short batch once its first group has waited this long (ISO-8601, "
            + "e.g. PT60S); PT0S = always wait for B groups. Default: PT0S, or PT60S with --sync.")
    Duration batchTimeout;

    @Option(names = "--consumer-group", defaultValue = LearnerConfig.DEFAULT_CONSUMER_GROUP,
            description = "Consumer group whose offsets mark trained batches (default: ${DEFAULT-VALUE}).")
    String consumerGroup;

    @Option(names = "--transactional-id", defaultValue = LearnerConfig.DEFAULT_TRANSACTIONAL_ID,
            description = "Transactional id, stable across restarts (default: ${DEFAULT-VALUE}).")
    String transactionalId;

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device: cpu, gpu, gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--max-versions", defaultValue = "0", description = "Stop after publishing N versions; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long maxVersions;

    @Option(names = "--run-for", defaultValue = "0", description = "Stop after N seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    int runForSeconds;

    @Option(names = "--stats-every", defaultValue = "30", description = "Print the counters every N seconds; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    int statsEverySeconds;

    @Override
    public Integer call() throws Exception {
        kafka.settings(); // a bad --kafka-config is refused before anything starts
        GrpoConfig grpo = grpoOptions.config(temperature);
        LearnerConfig config = LearnerConfig.defaults(grpo).withIds(consumerGroup, transactionalId).withMaxVersions(maxVersions)
                .withSync(sync);
        if (batchTimeout != null) {
            config = config.withBatchTimeout(batchTimeout);
        }
        grpoOptions.learningRateWarning().ifPresent(w -> System.err.println("warning: " + w));
        System.out.println("progrs learner: " + config.asMap());
        Path init = initCheckpoint != null && Files.isDirectory(initCheckpoint) ? initCheckpoint : null;
        SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(checkpointDir);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ShutdownSignal stop = ShutdownSignal.install("progrs-learner", Duration.ofSeconds(120));
             RegistryConnection registry = RegistryConnection.open(kafka);
             LearnerWorker worker = new LearnerWorker(config, kafka.clientProperties(), registry.registry(), store,
                     Device.fromName(device), init, referenceCheckpoint)) {
            Thread runner = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    stop.request();
                }
            }, "progrs-learner");
            runner.start();
            long endAt = runForSeconds > 0 ? System.currentTimeMillis() + runForSeconds * 1000L : Long.MAX_VALUE;
            long lastStats = System.currentTimeMillis();
            while (System.currentTimeMillis() < endAt && !stop.await(Duration.ofMillis(200))) {
                if (statsEverySeconds > 0 && System.currentTimeMillis() - lastStats >= statsEverySeconds * 1000L) {
                    lastStats = System.currentTimeMillis();
                    System.out.println("progrs learner: " + worker.stats());
                }
            }
            worker.shutdown();
            runner.join(Duration.ofSeconds(120).toMillis());
            System.out.println("progrs learner: " + worker.stats());
        }
        if (failure.get() != null) {
            if (failure.get() instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(failure.get());
        }
        return 0;
    }
}
