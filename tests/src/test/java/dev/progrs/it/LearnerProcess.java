package dev.progrs.it;

import ai.djl.Device;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerHook;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The learner alone in a JVM, for tests that SIGKILL it between the update and the commit: as
 * {@code progrs learner} (default consumer group and transactional id, the pipeline's topics), with a
 * hook that can hold the worker thread at the point where the checkpoint of the next version is
 * durable and its announcement and offsets are in the open transaction, not committed.
 *
 * <p>The hold is armed by the line {@value #HOLD} on standard input (acknowledged with
 * {@value #ARMED}); the next publication then prints {@code learner holding version V before commit}
 * and waits there for good, so the test kills the process at exactly that point. Whenever the
 * current version changes it prints {@code learner at version V: <stats>}. End of standard input
 * (the test JVM is gone) ends the process. Arguments: bootstrap,
 * checkpoint store, warm-start checkpoint, batch groups B, max-staleness.
 */
public final class LearnerProcess {
    static final String HOLD = "hold-before-next-commit";
    static final String ARMED = "learner armed to hold before the next commit";

    private LearnerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Path store = Path.of(args[1]);
        Path init = Path.of(args[2]);
        int batchGroups = Integer.parseInt(args[3]);
        int maxStaleness = Integer.parseInt(args[4]);
        AtomicBoolean armed = new AtomicBoolean();
        Thread stdin = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.trim().equals(HOLD)) {
                        armed.set(true);
                        System.out.println(ARMED);
                    }
                }
            } catch (java.io.IOException e) {
                System.out.println("learner: standard input broken: " + e);
            }
            Runtime.getRuntime().halt(3); // end of input: the test JVM is gone, and the learner must not outlive it
        }, "learner-stdin");
        stdin.setDaemon(true);
        stdin.start();
        LearnerHook hold = new LearnerHook() {
            @Override
            public void beforeCommit(long version) {
                if (!armed.get()) {
                    return;
                }
                System.out.println("learner holding version " + version + " before commit");
                try {
                    new CountDownLatch(1).await(); // released only by the SIGKILL the test sends now
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while held before the commit of version " + version, e);
                }
            }
        };
        GrpoConfig grpo = new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 1e-4f, batchGroups, 1, maxStaleness, 1f);
        LearnerConfig config = LearnerConfig.defaults(grpo).withPollTimeout(Duration.ofMillis(100));
        Properties client = new Properties();
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(bootstrap, EmbeddedSchemaRegistry.NO_HTTP);
        LearnerWorker worker = new LearnerWorker(config, client, CachingSchemaRegistry.wrap(registry),
                new SharedDirectoryCheckpointStore(store), Device.cpu(), init, null).hook(hold);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "learner-shutdown"));
        Thread runner = new Thread(worker, "learner");
        runner.start();
        System.out.println("learner started");
        long shown = -2;
        while (runner.isAlive()) {
            runner.join(100);
            long v = worker.stats().currentVersion();
            if (v != shown) {
                shown = v;
                System.out.println("learner at version " + v + ": " + worker.stats());
            }
        }
        System.out.println("learner stopped: " + worker.stats());
    }
}
