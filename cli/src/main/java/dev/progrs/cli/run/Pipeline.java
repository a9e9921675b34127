package dev.progrs.cli.run;

import ai.djl.Device;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.centering.topology.CenteringTopologyConfig;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.generator.worker.PolicyGate;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.worker.LearnerConfig;
import dev.progrs.learner.worker.LearnerWorker;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.ProcessRewardModels;
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.progrs.stage.cluster.KafkaClientSettings;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stage of the pipeline in one JVM against one cluster: learner, centering stream, scorer,
 * generators, prompt feeder and monitor, each the same worker class its own command runs. Started
 * in data-flow-reverse order (consumers before producers), closed in data-flow order (producers
 * first), so nothing is left half-processed: every stage is transactional, and whatever is in
 * flight at close stays in its topic for the next run.
 */
final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** A started stage: how to ask it to stop, and what to close once it has. */
    private record Stage(String name, Runnable requestStop, Thread thread, AutoCloseable resource) {
    }

    /** Producers first: the stage started last is stopped first. */
    private final List<Stage> stopOrder = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final SharedDirectoryCheckpointStore store;
    private final CenteringMetrics centeringMetrics = new CenteringMetrics();
    private final SimpleMeterRegistry scorerMeters = new SimpleMeterRegistry();
    private PromptFeeder feeder;
    private final List<GeneratorWorker> generators = new ArrayList<>();
    private ScorerWorker scorer;
    private ProcessRewardModel prm;
    private CenteringApp centering;
    private LearnerWorker learner;
    private MonitorService monitor;

    private Pipeline(SharedDirectoryCheckpointStore store) {
        this.store = store;
    }

    /** Starts every stage; on failure closes what was started and rethrows. */
    static Pipeline start(RunSettings s, KafkaClientSettings cluster, SchemaRegistry registry, Device device) throws IOException {
        Pipeline p = new Pipeline(new SharedDirectoryCheckpointStore(s.runDir().resolve("checkpoints")));
        try {
            p.startStages(s, cluster, registry, device);
            return p;
        } catch (RuntimeException | IOException e) {
            p.close();
            throw e;
        }
    }

    private void startStages(RunSettings s, KafkaClientSettings cluster, SchemaRegistry registry, Device device) throws IOException {
        String bootstrap = cluster.bootstrapServers();
        Properties client = cluster.properties();
        learner = new LearnerWorker(LearnerConfig.defaults(s.grpo()).withSync(s.sync()), client, registry, store, device,
                s.warmPolicy(), null);
        spawn("learner", learner, learner::shutdown);

        CenteringTopologyConfig topology = CenteringTopologyConfig.defaults(s.centering()).withMaxStaleness(s.maxStaleness());
        centering = CenteringApp.start(CenteringAppConfig.defaults(bootstrap, topology).withStateDir(s.runDir().resolve("streams"))
                        .withClientSettings(cluster.client()),
                CenteringSerdes.avro(registry), centeringMetrics);
        stopOrder.add(0, new Stage("centering", () -> { }, null, centering));

        // the suite edition the warm policy learned (its manifest says which): its modulus and its prompts
        dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig suiteConfig = TrainedSuite.configOf(s.warmPolicy());
        prm = ProcessRewardModels.load(s.prm().toString(), device, new dev.progrs.models.tokenizer.CharTokenizer(
                dev.progrs.tasks.arithmetic.ArithmeticSuite.ALPHABET), suiteConfig.modulus());
        ScorerWorkerConfig scorerConfig = ScorerWorkerConfig.defaults(bootstrap).withScorerId("run-scorer")
                .withClientOverrides(cluster.client());
        TrajectoryScorer trajectoryScorer = new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(),
                scorerConfig.scorerId(), 16, System::currentTimeMillis);
        scorer = new ScorerWorker(scorerConfig, trajectoryScorer, prm::currentWeightsSha256, registry, scorerMeters);
        spawn("scorer", scorer, scorer::close);
        stopOrder.add(1, new Stage("prm", () -> { }, null, prm));

        for (int i = 0; i < s.generators(); i++) {
            GeneratorConfig config = GeneratorConfig.defaults("run-generator-" + i).withGroupSize(s.groupSize())
                    .withPromptsPerBatch(s.promptsPerBatch()).withSampling(s.generation().sampling().withSeed(s.seed() + 1000L * i))
                    .withMaxStaleness(s.maxStaleness()).withSeed(s.seed() + i);
            PolicyGate gate = PolicyGate.staleness(s.maxStaleness());
            if (s.sync()) {
                gate = gate.and(PolicyGate.sync(Math.max(1, s.batchGroups() / s.generators())));
            }
            GeneratorWorker worker = new GeneratorWorker(config, client, registry, store, device).gate(gate);
            generators.add(worker);
            spawn("generator-" + i, worker, worker::shutdown);
        }

        ArithmeticSuite suite = new ArithmeticSuite(suiteConfig.withSeed(1));
        long prompts = s.rollouts() > 0 ? (s.rollouts() + s.groupSize() - 1) / s.groupSize() + 2L * s.batchGroups() : -1;
        feeder = new PromptFeeder(FeederConfig.of(new AdmissionControl(s.maxStaleness(), s.batchGroups()), prompts), client, registry,
                new ArithmeticPromptSource(suite, s.minSteps(), s.maxSteps(), 0, s.seed()));
        spawn("feeder", feeder, feeder::shutdown);

        if (s.monitorPort() != MonitorService.NO_HTTP) {
            monitor = MonitorService.start(MonitorOptions.defaults(bootstrap).withClientOverrides(cluster.client()), registry, MonitorConfig.defaults(), "127.0.0.1",
                    s.monitorPort());
            stopOrder.add(new Stage("monitor", () -> { }, null, monitor));
        }
    }

    private <W extends Runnable & AutoCloseable> void spawn(String name, W worker, Runnable requestStop) {
        Thread t = new Thread(() -> {
            try {
                worker.run();
            } catch (Throwable e) {
                LOG.error("{} stopped: {}", name, e.toString(), e);
                failure.compareAndSet(null, new IllegalStateException(name + " stopped: " + e.getMessage(), e));
            }
        }, "progrs-run-" + name);
        stopOrder.add(0, new Stage(name, requestStop, t, worker));
        t.start();
    }

    SharedDirectoryCheckpointStore store() {
        return store;
    }

    LearnerWorker learner() {
        return learner;
    }

    List<GeneratorWorker> generators() {
        return generators;
    }

    ScorerWorker scorer() {
        return scorer;
    }

    CenteringApp centering() {
        return centering;
    }

    CenteringMetrics centeringMetrics() {
        return centeringMetrics;
    }

    PromptFeeder feeder() {
        return feeder;
    }

    MonitorService monitor() {
        return monitor;
    }

    /** The first stage failure, or null. */
    Throwable failure() {
        Throwable f = failure.get();
        if (f == null && scorer != null && scorer.failure() != null) {
            return scorer.failure();
        }
        if (f == null && centering != null && centeringStopped()) {
            Throwable why = centering.failure();
            return new IllegalStateException("the centering stream stopped in state " + centering.state()
                    + (why == null ? "" : ": " + why.getMessage()), why);
        }
        return f;
    }

    private boolean centeringStopped() {
        try {
            return centering.awaitStopped(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        for (Stage stage : stopOrder) {
            try {
                stage.requestStop().run();
                if (stage.thread() != null) {
                    stage.thread().join(Duration.ofSeconds(90).toMillis());
                    if (stage.thread().isAlive()) {
                        LOG.warn("{} did not stop within 90 s", stage.name());
                    }
                }
                stage.resource().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("closing {}: {}", stage.name(), e.toString());
            }
        }
    }
}
