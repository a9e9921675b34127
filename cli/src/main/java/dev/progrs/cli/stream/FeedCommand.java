package dev.progrs.cli.stream;

import dev.progrs.stage.lifecycle.ShutdownSignal;
import dev.progrs.tasks.arithmetic.StepRange;
import dev.progrs.cli.benchmarks.BenchmarksDirOption;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.generator.feeder.AdmissionControl;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.feeder.FeederConfig;
import dev.progrs.generator.feeder.PromptFeeder;
import dev.progrs.generator.feeder.ProblemListSource;
import dev.progrs.generator.feeder.PromptSource;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs feed}: publishes training prompts to {@code progrs.prompts}, paced by admission
 * control against the current policy version. A thin shell over {@link PromptFeeder}.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Publish training prompts to progrs.prompts, paced so that at most (max-staleness + v + 1) * batch-groups "
                + "prompts have been published while the current policy version (read from progrs.policy) is v.")
public final class FeedCommand implements Callable<Integer> {


    @Mixin
    KafkaOptions kafka;

    @Option(names = "--suite", defaultValue = ArithmeticSuite.NAME, description = "Problem suite: arithmetic (generated train "
            + "problems), or a benchmark (see --benchmarks-dir): math500, aime24, amc23, minerva, "
            + "olympiadbench, gsm8k (default: ${DEFAULT-VALUE}).")
    String suite;

    @Mixin
    BenchmarksDirOption benchmarks;

    @Option(names = "--steps", converter = dev.progrs.cli.options.StepRangeConverter.class, defaultValue = "2..8", description = "Arithmetic: number of solution steps, N or MIN..MAX (default: ${DEFAULT-VALUE}).")
    StepRange steps;

    @Option(names = "--count", defaultValue = "-1", description = "Prompts to publish; -1 = no limit (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--seed", description = "Arithmetic suite seed; keep the one the evaluation uses so train prompts stay out of "
            + "its test split (default: ${DEFAULT-VALUE}).")
    long seed = ArithmeticSuiteConfig.defaults().seed();

    @Option(names = "--start-index", defaultValue = "0", description = "Index of the first problem: arithmetic train index, or line of the benchmark (resume a run without repeats) (default: ${DEFAULT-VALUE}).")
    long startIndex;

    @Option(names = "--max-staleness", defaultValue = "2", description = "Policy versions a prompt may wait (default: ${DEFAULT-VALUE}).")
    int maxStaleness;

    @Option(names = "--batch-groups", defaultValue = "16", description = "Groups the learner trains on per policy version (default: ${DEFAULT-VALUE}).")
    int batchGroups;

    @Option(names = "--count-existing", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Count the prompts already in the topic as published, so a restarted feeder keeps the bound (default: ${DEFAULT-VALUE}).")
    boolean countExisting;

    @Override
    public Integer call() throws Exception {
        kafka.settings(); // a bad --kafka-config is refused before anything starts
        PromptSource source = source();
        FeederConfig config = FeederConfig.of(new AdmissionControl(maxStaleness, batchGroups), count).withCountExisting(countExisting);
        System.out.println("progrs feed: suite " + suite + ", steps " + steps + ", count " + (count < 0 ? "unlimited" : count)
                + ", seed " + seed + ", start-index " + startIndex + ", " + config.admission() + ", count-existing " + countExisting);
        try (ShutdownSignal stop = ShutdownSignal.install("progrs-feed", Duration.ofSeconds(30));
             RegistryConnection registry = RegistryConnection.open(kafka);
             PromptFeeder feeder = new PromptFeeder(config, kafka.clientProperties(), registry.registry(), source)) {
            Thread runner = new Thread(() -> {
                try {
                    feeder.run();
                } finally {
                    stop.request();
                }
            }, "progrs-feed");
            runner.start();
            long last = -1;
            while (!stop.await(Duration.ofSeconds(1))) {
                if (feeder.publishedThisRun() != last) {
                    last = feeder.publishedThisRun();
                    System.out.println("progrs feed: " + last + " published, policy version " + feeder.currentVersion());
                }
            }
            feeder.shutdown();
            runner.join(Duration.ofSeconds(30).toMillis());
            System.out.println("progrs feed: " + feeder.publishedThisRun() + " prompts published, policy version " + feeder.currentVersion());
        }
        return 0;
    }

    private PromptSource source() throws IOException {
        if (!ArithmeticSuite.NAME.equalsIgnoreCase(suite)) {
            Benchmark benchmark;
            try {
                benchmark = Benchmark.parse(suite);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--suite " + suite + " is unknown; accepted: " + ArithmeticSuite.NAME + ", "
                        + Benchmark.accepted());
            }
            List<Problem> problems = benchmarks.load(benchmark);
            return new ProblemListSource(problems.subList((int) Math.min(startIndex, problems.size()), problems.size()));
        }
        int min = steps.min();
        int max = steps.max();
        ArithmeticSuite s = new ArithmeticSuite(ArithmeticSuiteConfig.defaults().withSeed(seed));
        return new ArithmeticPromptSource(s, min, max, startIndex, seed);
    }
}
