package dev.progrs.cli.stream;

import ai.djl.Device;
import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.stage.cluster.KafkaClientSettings;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.models.prm.ProcessRewardModels;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs scorer}: one scorer worker (frozen PRM + coherence) in consumer group
 * {@code progrs-scorer} until Ctrl-C or {@code --run-for}. Scale out by starting more.
 */
@Command(name = "scorer", mixinStandardHelpOptions = true,
        description = "Score trajectories: consume progrs.trajectories, score every step with the frozen PRM (quantiles), "
                + "compute step confidences, multi-scale coherence and the process score (docs/method.md §1-2), publish "
                + "ScoredTrajectory to progrs.scored with the same key. Exactly-once (Kafka transactions); records that "
                + "cannot be decoded or scored go to progrs.dlq with the reason.")
public final class ScorerCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--prm", defaultValue = "prm-v1", description = "Process reward model: a frozen PRM checkpoint directory, a shipped name "
            + "under models/warm (prm-v1, prm-v0), oracle, noisy-oracle:P, or biased (default: ${DEFAULT-VALUE}).")
    String prm;

    @Option(names = "--suite", defaultValue = "v2", description = "Built-in suite edition whose prompts the training-free PRMs read: v0, v1 or v2 (default: ${DEFAULT-VALUE}).")
    String suiteEdition;

    @Option(names = "--prm-sha256", description = "Refuse to start unless the PRM weights have this sha256.")
    String prmSha256;

    @Option(names = "--group-id", defaultValue = ScorerWorkerConfig.DEFAULT_GROUP, description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--scorer-id", description = "Worker id on every output and in the transactional id (default: random).")
    String scorerId;

    @Option(names = "--batch-size", defaultValue = "16", description = "Trajectories per PRM forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-poll-records", defaultValue = "64", description = "Records per poll and per transaction (default: ${DEFAULT-VALUE}).")
    int maxPollRecords;

    @Option(names = "--prm-quantile", defaultValue = "0.5", description = "Step confidence p_t: a quantile level of the PRM, or 'mean' (default: ${DEFAULT-VALUE}).")
    String prmQuantile;

    @Option(names = "--window-sizes", defaultValue = "2,4,8", description = "Coherence window sizes (default: ${DEFAULT-VALUE}).")
    String windowSizes;

    @Option(names = "--lambda-var", defaultValue = "1.0", description = "Volatility weight lambda_var (default: ${DEFAULT-VALUE}).")
    String lambdaVar;

    @Option(names = "--windows", defaultValue = "partition", description = "partition | sliding (default: ${DEFAULT-VALUE}).")
    String windows;

    @Option(names = "--process-score", defaultValue = "coherence", description = "coherence | prm-mean | prm-min | prm-last (default: ${DEFAULT-VALUE}).")
    String processScore;

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device: cpu, gpu, gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--metrics-every", defaultValue = "10", description = "Print the counters every N seconds; 0 = only at the end (default: ${DEFAULT-VALUE}).")
    int metricsEverySeconds;

    @Option(names = "--run-for", defaultValue = "0", description = "Stop after N seconds; 0 = until Ctrl-C (default: ${DEFAULT-VALUE}).")
    int runForSeconds;

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings client = kafka.settings();
        Map<String, String> coherenceSettings = new LinkedHashMap<>();
        coherenceSettings.put(CoherenceConfig.WINDOW_SIZES_CONFIG, windowSizes);
        coherenceSettings.put(CoherenceConfig.LAMBDA_VAR_CONFIG, lambdaVar);
        coherenceSettings.put("windows", windows);
        coherenceSettings.put("process.score", processScore);
        CoherenceConfig coherence = CoherenceConfig.fromSettings(coherenceSettings);
        StepConfidence confidence = StepConfidence.fromConfig(prmQuantile);
        ScorerWorkerConfig base = ScorerWorkerConfig.defaults(client.bootstrapServers());
        ScorerWorkerConfig config = new ScorerWorkerConfig(client.bootstrapServers(), groupId, base.inputTopic(), base.outputTopic(),
                base.dlqTopic(), scorerId == null ? base.scorerId() : scorerId, maxPollRecords, base.pollTimeout(), prmSha256,
                client.client());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int code = 0;
        int modulus = ArithmeticSuiteConfig.named(suiteEdition).modulus();
        try (ShutdownSignal stopRequested = ShutdownSignal.install("progrs-scorer", Duration.ofSeconds(40));
             ProcessRewardModel frozen = ProcessRewardModels.load(prm, Device.fromName(device), new CharTokenizer(ArithmeticSuite.ALPHABET), modulus);
             RegistryConnection registry = RegistryConnection.open(kafka)) {
            System.out.println("progrs scorer: PRM " + frozen.name() + " sha256 " + frozen.sha256() + "; "
                    + coherence.describe() + " " + StepConfidence.CONFIG + "=" + confidence.configName() + " batch-size=" + batchSize
                    + "; " + config.describe());
            TrajectoryScorer scorer = new TrajectoryScorer(frozen, confidence, coherence, config.scorerId(), batchSize,
                    System::currentTimeMillis);
            try (ScorerWorker worker = new ScorerWorker(config, scorer, frozen::currentWeightsSha256, registry.registry(), meters)) {
                Thread thread = new Thread(worker, "progrs-scorer-" + config.scorerId());
                thread.start();
                long endAt = runForSeconds > 0 ? System.currentTimeMillis() + runForSeconds * 1000L : Long.MAX_VALUE;
                long step = metricsEverySeconds > 0 ? metricsEverySeconds * 1000L : 1000L;
                while (System.currentTimeMillis() < endAt && worker.isRunning()) {
                    if (stopRequested.await(Duration.ofMillis(Math.min(step, Math.max(1, endAt - System.currentTimeMillis()))))) {
                        break;
                    }
                    if (metricsEverySeconds > 0) {
                        System.out.println(line(worker, meters));
                    }
                }
                worker.close();
                thread.join(Duration.ofSeconds(35).toMillis());
                System.out.println(line(worker, meters));
                if (worker.failure() != null) {
                    System.err.println("progrs scorer: stopped by " + worker.failure());
                    code = 1;
                }
            }
        }
        return code;
    }

    private static String line(ScorerWorker worker, SimpleMeterRegistry meters) {
        var timer = meters.find("progrs.scorer.batch.latency").timer();
        double meanMs = timer == null ? 0 : timer.mean(TimeUnit.MILLISECONDS);
        long batches = timer == null ? 0 : timer.count();
        return String.format(java.util.Locale.ROOT, "scored=%d dlq=%d batches=%d batch-latency-mean-ms=%.1f",
                worker.scoredCount(), worker.deadLetterCount(), batches, meanMs);
    }
}
