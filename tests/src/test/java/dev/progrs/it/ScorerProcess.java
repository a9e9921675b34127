package dev.progrs.it;

import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.schemas.registry.CachingSchemaRegistry;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.scorer.worker.ScorerWorker;
import java.nio.file.Path;

/**
 * A scorer worker alone in a JVM, for tests that SIGKILL it: as {@code progrs scorer}, plus the short
 * consumer session of {@link FaultHarness#SHORT_SESSION} (the command has no client-override option),
 * so that its successor gets the partitions within seconds. Arguments: bootstrap, PRM directory
 * (an existing checkpoint), scorer id.
 */
public final class ScorerProcess {
    private ScorerProcess() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(args[0], EmbeddedSchemaRegistry.NO_HTTP);
        FrozenPrm prm = FrozenPrm.load(Path.of(args[1]), ai.djl.Device.cpu());
        ScorerWorker worker = FaultHarness.startScorer(args[0], CachingSchemaRegistry.wrap(registry), prm, args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        System.out.println("scorer " + args[2] + " started");
        while (worker.isRunning()) {
            Thread.sleep(500);
            System.out.println("scorer " + args[2] + ": scored=" + worker.scoredCount() + " dlq=" + worker.deadLetterCount());
        }
        System.out.println("scorer " + args[2] + " stopped: " + worker.failure());
    }
}
