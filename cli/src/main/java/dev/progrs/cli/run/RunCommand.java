package dev.progrs.cli.run;

import dev.progrs.models.eval.HeldOutChange;
import dev.progrs.models.eval.HeldOutScore;
import ai.djl.Device;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.kafka.ClusterSecurityOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.cli.topics.TopicLayout;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.options.CenteringOptions;
import dev.progrs.cli.options.GenerationOptions;
import dev.progrs.cli.options.GrpoOptions;
import dev.progrs.cli.options.TrainingDefaults;
import dev.progrs.experiment.WarmModels;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.models.pretrain.TrainedSuite;
import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.history.HistoryTable;
import dev.progrs.schemas.registry.RegistryClientSettings;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.stage.cluster.KafkaClientSettings;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.BalancedTestSet;
import dev.progrs.tasks.arithmetic.StepRange;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code progrs run}: the whole pipeline in one JVM — embedded broker and registry (or an external
 * cluster), warm start (reused if cached), then PROGRS training with live progress, a clean stop
 * on Ctrl-C or at the budget, a summary and a report folder.
 */
@Command(name = "run", mixinStandardHelpOptions = true, defaultValueProvider = TrainingDefaults.class,
        description = "Train end to end in one JVM: embedded Kafka + registry, prompt feeder, generator(s), scorer, centering "
                + "stream, learner and monitor; reuses the shipped warm policy and PRM (or trains them), runs PROGRS for "
                + "--minutes / --rollouts, prints live progress and writes a report folder (Markdown + PNG).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of the embedded broker (its topics should be fresh).")
    String bootstrapServers;

    @Option(names = "--registry-url", description = "Confluent-compatible registry for --bootstrap-servers (default: schemas in progrs._schemas).")
    String registryUrl;

    @Mixin
    ClusterSecurityOptions security;

    @Option(names = "--data-dir", defaultValue = "progrs-data", description = "Where runs and cached warm models go (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--warm-policy", defaultValue = "models/warm/policy-v1", description = "Warm-start policy; trained into DATA-DIR/warm if missing (default: ${DEFAULT-VALUE}).")
    Path warmPolicy;

    @Option(names = "--prm", defaultValue = "models/warm/prm-v1", description = "Process reward model: a frozen PRM directory (trained into "
            + "DATA-DIR/warm if missing), or oracle, noisy-oracle:P, biased (default: ${DEFAULT-VALUE}).")
    Path prm;

    @Option(names = "--minutes", defaultValue = "8", description = "RL wall-clock budget in minutes; 0 = none (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--rollouts", defaultValue = "0", description = "Stop after the learner trained on this many samples; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long rollouts;

    @Option(names = "--generators", defaultValue = "1", description = "Generator workers in this JVM (default: ${DEFAULT-VALUE}).")
    int generators;

    @Option(names = "--steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "4..8", description = "Solution steps of the RL prompts, MIN..MAX (default: ${DEFAULT-VALUE}: "
            + "the testbed's RL range 6..8, where policy-v1's sampled Pass@1 is 10-30%% and 30-60%% of K=8 groups are "
            + "all-incorrect, and the easier 4..5, which keeps the policy from forgetting shorter chains; see docs/experiment).")
    StepRange steps;

    @Mixin
    GenerationOptions generation;

    @Mixin
    GrpoOptions grpo;

    @Mixin
    CenteringOptions centeringOptions;

    @Option(names = "--sync", description = "On-policy reference: generators wait for each new version.")
    boolean sync;

    @Option(names = "--eval-samples", defaultValue = "4", description = "Samples per held-out problem at the training temperature for the "
            + "headline Pass@1 (their mean); greedy Pass@1 is reported too; 0 = greedy only (default: ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--eval-problems", defaultValue = "336", description = "Held-out problems evaluated before, during and after "
            + "training, balanced by steps (--eval-steps) and used givens (1-3): the largest multiple of 3 x levels that fits, "
            + "at least one per cell (default: ${DEFAULT-VALUE}).")
    int evalProblems;

    @Option(names = "--eval-steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "4..8", description = "Step counts of the held-out problems: the training range "
            + "and an easier one (default: ${DEFAULT-VALUE}).")
    StepRange evalSteps;

    @Option(names = "--eval-every", defaultValue = "PT60S", description = "Least time between two evaluations during training (default: ${DEFAULT-VALUE}).")
    Duration evalEvery;

    @Option(names = "--monitor-port", defaultValue = "0", description = "Dashboard port; 0 = free port, -1 = no monitor (default: ${DEFAULT-VALUE}).")
    int monitorPort;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of prompts and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "DJL device: cpu, gpu, gpu:N (default: ${DEFAULT-VALUE}).")
    String device;

    private final PrintStream out = System.out;

    /** The summary and report counter of GRPO steps the learner skipped for a non-finite gradient. */
    static final String SKIPPED_STEPS = "GRPO steps skipped (non-finite gradient, twice)";
    static final String RECOMPUTED_STEPS = "GRPO steps recomputed (non-finite gradient, finite recomputation used)";
    /** The summary and report counter of the share of Σ|A| that groups without a correct sample carry (all process bonus). */
    static final String ALL_INCORRECT_SHARE = "share of Σ|A| in all-incorrect groups (all groups)";

    @Override
    public Integer call() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path runDir = dataDir.resolve("runs").resolve(stamp).toAbsolutePath();
        // every setting is validated here, before a model, a broker or a directory is touched
        KafkaClientSettings external = externalCluster();
        RegistryClientSettings registrySettings = external == null ? RegistryClientSettings.NONE : security.registrySettings(external);
        RunSettings settings = settings(runDir, warmPolicy, prm);
        Device dev = Device.fromName(device);
        WarmModels warmModels = new WarmModels(dataDir.resolve("warm"), dev, out);
        Path policy = warmModels.policy(warmPolicy);
        Path prmDir = warmModels.prm(prm, policy);
        settings = settings(runDir, policy, prmDir);
        settings.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        ArithmeticSuite suite = new ArithmeticSuite(TrainedSuite.configOf(policy));
        List<Problem> evalSet = BalancedTestSet.select(suite, evalSteps, BalancedTestSet.perCell(evalSteps, evalProblems));
        out.println("progrs run: " + runDir);
        out.printf(Locale.ROOT, "warm policy %s, PRM %s; evaluating the warm policy on %d held-out problems...%n", policy, prmDir, evalSet.size());
        HeldOutScore warm = HeldOutEvaluator.evaluate(policy, dev, evalSet, settings.temperature(), evalSamples);
        out.println("warm start: " + summary(warm));

        Files.createDirectories(runDir);
        Path logFile = runDir.resolve("progrs.log");
        out.println("log lines of the run: " + logFile + " (the console shows warnings and errors)");
        try (ShutdownSignal stop = ShutdownSignal.install("progrs-run", Duration.ofSeconds(180));
             RunLog ignored = RunLog.toFile(logFile); Cluster cluster = Cluster.open(external, registryUrl, registrySettings, runDir)) {
            TrainingSeries series = new TrainingSeries(Math.max(4, settings.batchGroups()));
            long t0 = System.nanoTime();
            Pipeline pipeline = Pipeline.start(settings, cluster.client(), cluster.registry(), dev);
            AdvantageObserver observer = new AdvantageObserver(cluster.client().properties(), cluster.registry(), series);
            HeldOutEvaluator evaluator = new HeldOutEvaluator(evalSet, () -> pipeline.learner().stats().currentVersion(),
                    series::rollouts, v -> pipeline.store().directoryOf(v), dev, evalEvery.toMillis(), settings.temperature(), evalSamples);
            evaluator.record(new HeldOutEvaluator.Measurement(0, 0, warm));
            String monitorTable = "";
            List<WindowResult> monitorWindows = List.of();
            StageTimes stageTimes = null;
            MonitorLagSummary monitorLag = null;
            boolean interrupted;
            Throwable failure;
            try {
                observer.start();
                evaluator.start();
                if (pipeline.monitor() != null) {
                    pipeline.monitor().url().ifPresent(u -> out.println("monitor dashboard: " + u + "/   metrics: " + u + "/metrics"));
                }
                interrupted = watch(settings, pipeline, series, evaluator, stop, t0);
                double wallSeconds = (System.nanoTime() - t0) / 1e9;
                stageTimes = StageTimes.of(pipeline, settings, wallSeconds);
                failure = pipeline.failure();
                if (pipeline.monitor() != null) {
                    monitorWindows = pipeline.monitor().history().windows();
                    monitorTable = HistoryTable.render(monitorWindows, pipeline.monitor().history().alerts());
                    monitorLag = new MonitorLagSummary(pipeline.monitor().lag(), pipeline.centeringMetrics().snapshot(),
                            monitorWindows.size(), wallSeconds);
                }
            } finally {
                out.println(stop.requested() ? "stopping (Ctrl-C): closing every stage cleanly..." : "budget reached: closing every stage cleanly...");
                evaluator.close();
                pipeline.close();
                observer.close();
            }
            double rlSeconds = (System.nanoTime() - t0) / 1e9;
            long lastVersion = pipeline.learner().stats().currentVersion();
            HeldOutScore last = null;
            if (lastVersion > 0 && !interrupted) {
                out.println("evaluating the final policy v" + lastVersion + " on the same held-out problems...");
                last = HeldOutEvaluator.evaluate(pipeline.store().directoryOf(lastVersion), dev, evalSet, settings.temperature(), evalSamples);
            }
            Map<String, String> counters = counters(pipeline, series);
            Path report = RunReport.write(runDir.resolve("report"), new RunReport.Inputs(settings, commandLine(), warm, last, lastVersion,
                    rlSeconds, series.points(), evaluator.measurements(), counters, monitorTable, monitorWindows, stageTimes, monitorLag,
                    pipeline.learner().stats().skippedSteps(), pipeline.learner().stats().recomputedSteps()));
            out.println();
            out.println("== summary ==");
            out.println("warm start (v0):  " + summary(warm));
            if (last != null) {
                out.println("after RL (v" + lastVersion + "): " + summary(last));
                if (warm.sampled() != null) {
                    out.println("held-out " + warm.describePrimary() + ": " + HeldOutChange.describe(warm.sampled(), last.sampled(), evalSamples));
                }
                out.println("held-out greedy Pass@1: " + HeldOutChange.describe(warm.greedy(), last.greedy(), 1));
            }
            counters.forEach((k, v) -> out.println(k + ": " + v));
            if (stageTimes != null) {
                stageTimes.summaryLines().forEach(out::println);
            }
            if (monitorLag != null) {
                monitorLag.summaryLines().forEach(out::println);
            }
            out.println("report: " + report);
            if (failure != null) {
                out.println("a stage failed: " + failure.getMessage());
                return 1;
            }
            return 0;
        }
    }

    /** Shows progress until the budget is spent, a stage fails or Ctrl-C; true on Ctrl-C. */
    private boolean watch(RunSettings s, Pipeline pipeline, TrainingSeries series, HeldOutEvaluator evaluator, ShutdownSignal stop,
                          long t0) throws InterruptedException {
        boolean byRollouts = s.rollouts() > 0;
        long max = byRollouts ? s.rollouts() : s.duration().toSeconds();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("PROGRS").setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(byRollouts ? " rollouts" : " s", 1).setConsumer(new ConsoleProgressBarConsumer(System.err, 150))
                .setUpdateIntervalMillis(1000).build()) {
            while (!stop.await(Duration.ofSeconds(1))) {
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long trained = pipeline.learner().stats().groupsTrained() * s.groupSize();
                bar.stepTo(Math.min(max, byRollouts ? trained : (long) elapsed));
                bar.setExtraMessage(status(pipeline, series, evaluator, elapsed));
                if (pipeline.failure() != null) {
                    return false;
                }
                boolean timeUp = !s.duration().isZero() && elapsed >= s.duration().toSeconds();
                boolean rolloutsDone = byRollouts && trained >= s.rollouts();
                if (timeUp || rolloutsDone) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String status(Pipeline p, TrainingSeries series, HeldOutEvaluator evaluator, double elapsed) {
        long samples = p.generators().stream().mapToLong(g -> g.stats().samples()).sum();
        long groups = p.generators().stream().mapToLong(g -> g.stats().groups()).sum();
        TrainingSeries.Point last = series.latest();
        HeldOutEvaluator.Measurement eval = evaluator.latest();
        return String.format(Locale.ROOT, "v%d | rollouts %d | %.2f groups/s | reward %s | test %s | stale %s",
                p.learner().stats().currentVersion(), samples, elapsed > 0 ? groups / elapsed : 0,
                last == null ? "-" : String.format(Locale.ROOT, "%.2f", last.trainReward()),
                eval == null ? "-" : String.format(Locale.ROOT, "%.1f%%@v%d", 100 * eval.score().primary().overall(), eval.version()),
                last == null ? "-" : String.format(Locale.ROOT, "%.2f", last.meanStaleness()));
    }

    private static Map<String, String> counters(Pipeline p, TrainingSeries series) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("prompts published", Long.toString(p.feeder().publishedThisRun()));
        m.put("groups generated", Long.toString(p.generators().stream().mapToLong(g -> g.stats().groups()).sum()));
        m.put("rollouts generated", Long.toString(p.generators().stream().mapToLong(g -> g.stats().samples()).sum()));
        m.put("trajectories scored", Long.toString(p.scorer().scoredCount()));
        var c = p.centeringMetrics().snapshot();
        m.put("groups completed / partial / dropped / stale", c.groupsCompleted() + " / " + c.groupsTimedOutPartial() + " / "
                + c.groupsTimedOutDropped() + " / " + c.groupsStale());
        m.put("dominance violations", Long.toString(c.dominanceViolations()));
        m.put("group completion latency p50 / p99 ms", c.latencyP50Ms() + " / " + c.latencyP99Ms());
        m.put("groups trained by the learner", Long.toString(p.learner().stats().groupsTrained()));
        m.put("stale groups dropped by the learner", Long.toString(p.learner().stats().staleDropped()));
        m.put("policy versions published", Long.toString(p.learner().stats().versionsPublished()));
        m.put(SKIPPED_STEPS, Long.toString(p.learner().stats().skippedSteps()));
        m.put(RECOMPUTED_STEPS, Long.toString(p.learner().stats().recomputedSteps()));
        UpdateMetrics u = p.learner().stats().lastUpdate();
        if (u != null) {
            m.put("last update", u.describe());
        }
        long dlq = p.generators().stream().mapToLong(g -> g.stats().deadLetters()).sum() + p.scorer().deadLetterCount()
                + c.deadLettered() + p.learner().stats().deadLettered();
        m.put("records dead-lettered", Long.toString(dlq));
        m.put("mean train reward (all groups)", String.format(Locale.ROOT, "%.3f", series.overallReward()));
        m.put(ALL_INCORRECT_SHARE, String.format(Locale.ROOT, "%.3f", series.overallAllIncorrectShare()));
        return m;
    }

    private RunSettings settings(Path runDir, Path policy, Path prmDir) {
        return new RunSettings(runDir, policy, prmDir, generation.applyTo(GeneratorConfig.defaults("run-generator"), seed), generators,
                steps, grpo.config(generation.temperature()),
                centeringOptions.config(), sync, rollouts, Duration.ofMillis(Math.round(minutes * 60_000)), evalProblems, evalSamples,
                evalEvery, monitorPort, seed);
    }

    private static String summary(HeldOutScore s) {
        return s.sampled() == null ? s.greedy().summary()
                : s.sampled().summary("sampled, mean of " + s.samples() + " at T") + "  ||  " + s.greedy().summary();
    }

    /** Up to {@code n} test problems with steps in [min, max], balanced across the levels in test-set order. */
    private String commandLine() {
        // the parse result of the root command holds every argument, the subcommand name first
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> own = !args.isEmpty() && "run".equals(args.get(0)) ? args.subList(1, args.size()) : args;
        return "progrs run" + (own.isEmpty() ? "" : " " + String.join(" ", own));
    }

    /** The external cluster's client settings, or null for the embedded broker; checked before anything starts. */
    private KafkaClientSettings externalCluster() {
        if (bootstrapServers == null) {
            if (security.kafkaConfig != null || security.registryUser != null) {
                throw new IllegalArgumentException("--kafka-config and --registry-user apply to an external cluster; give "
                        + "--bootstrap-servers too (the embedded broker needs no credentials)");
            }
            return null;
        }
        return security.clientSettings(bootstrapServers);
    }

    /** The cluster a run uses: the embedded one in the run directory, or an external one. */
    private record Cluster(KafkaClientSettings client, SchemaRegistry registry, AutoCloseable owned) implements AutoCloseable {
        static Cluster open(KafkaClientSettings external, String registryUrl, RegistryClientSettings registrySettings, Path runDir)
                throws Exception {
            if (external == null) {
                LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(runDir.resolve("kafka")), 0, 6);
                System.out.println("embedded Kafka " + stack.bootstrapServers() + ", schema registry " + stack.registryUrl());
                return new Cluster(stack.clientSettings(), stack.registry(), stack);
            }
            try (Admin admin = Admin.create(external.asMap())) {
                TopicSetup.ensure(admin, TopicLayout.embeddedDefaults().specs(), (short) 1, Duration.ofSeconds(60));
            }
            RegistryConnection connection = RegistryConnection.open(external, registryUrl, registrySettings);
            return new Cluster(external, connection.registry(), connection);
        }

        @Override
        public void close() throws Exception {
            owned.close();
        }
    }

}
