package dev.progrs.cli.stream;

import dev.progrs.cli.options.GroupTimeoutOptions;
import dev.progrs.centering.group.OutputContent;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.centering.replay.CenteringReplay;
import dev.progrs.centering.replay.ReplayConfig;
import dev.progrs.centering.replay.ReplayProgress;
import dev.progrs.centering.replay.ReplayStart;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.cli.kafka.KafkaOptions;
import dev.progrs.cli.options.CenteringOptions;
import dev.progrs.cli.kafka.RegistryConnection;
import dev.progrs.stage.cluster.KafkaClientSettings;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs replay}: re-centre stored scored trajectories under another configuration into another
 * topic, with its own application id, then print and write (Markdown + PNG) a comparison with the
 * baseline advantage stream. A thin shell over {@link CenteringReplay}.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a stored progrs.scored topic through the centering topology under another configuration, "
                + "into another topic (own application id; the live pipeline is untouched), then compare the two "
                + "advantage streams: share of incorrect samples with A > 0, mean bonus by outcome, dominance "
                + "violations, rank correlation, histograms (Markdown + PNG).")
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--application-id", required = true, description = "A fresh application id for this replay, e.g. replay-none-1.")
    String applicationId;

    @Option(names = "--output-topic", required = true, description = "Topic for the replayed advantages, e.g. progrs.advantages.replay-none-1.")
    String outputTopic;

    @Option(names = "--from", defaultValue = "beginning", description = "beginning | offset:N | timestamp:T (ms or ISO-8601) (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--input-topic", defaultValue = "progrs.scored", description = "Stored scored trajectories (default: ${DEFAULT-VALUE}).")
    String inputTopic;

    @Option(names = "--baseline-topic", defaultValue = "progrs.advantages", description = "Advantages to compare with; '-' for none (default: ${DEFAULT-VALUE}).")
    String baselineTopic;

    @Mixin
    CenteringOptions centeringOptions;

    @Mixin
    GroupTimeoutOptions groupTimeout;

    @Option(names = "--output", defaultValue = "full", description = "full | scores-only: scores-only writes each sample's "
            + "outcome, score and advantages with empty token arrays (smaller state and output, a faster replay; for "
            + "re-centering studies that do not retrain) (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--commit-interval", defaultValue = "100ms", description = "Transaction commit interval; longer is "
            + "faster, a replay has no reader waiting on latency (default: ${DEFAULT-VALUE}).")
    String commitInterval;

    @Option(names = "--progress", defaultValue = "true", negatable = true, description = "Show a progress bar "
            + "(records, records/s, ETA) on stderr while the stream runs (default: ${DEFAULT-VALUE}).")
    boolean progress;

    @Option(names = "--state-dir", defaultValue = "progrs-data/streams", description = "RocksDB state directory (default: ${DEFAULT-VALUE}).")
    String stateDir;

    @Option(names = "--report-dir", defaultValue = "progrs-data/reports", description = "Where the Markdown and PNG go (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--max-duration", defaultValue = "PT30M", description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Option(names = "--streams-config", paramLabel = "KEY=VALUE", description = "Extra Kafka Streams setting, repeatable.")
    Map<String, String> streamsConfig = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        CenteringConfig maths = centeringOptions.config(); // the maths first: its errors name the option a user typed
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, applicationId);
        KafkaClientSettings client = kafka.settings();
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, client.bootstrapServers());
        // the cluster's client settings (SASL, TLS) reach every Streams client; --streams-config wins over them
        client.client().forEach((k, v) -> s.put(CenteringAppConfig.STREAMS_PREFIX + k, v));
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, stateDir);
        s.put("input-topic", inputTopic);
        s.put("output-topic", outputTopic);
        groupTimeout.putInto(s);
        s.put(OutputContent.CONFIG, output);
        s.put(CenteringAppConfig.COMMIT_INTERVAL_CONFIG, commitInterval);
        // stored groups are judged by their own time, not by today's policy version
        s.put("max-staleness", Long.toString(Long.MAX_VALUE));
        streamsConfig.forEach((k, v) -> s.put(CenteringAppConfig.STREAMS_PREFIX + k, v));
        ReplayConfig config = new ReplayConfig(CenteringAppConfig.fromSettings(s).withCentering(maths), ReplayStart.parse(from),
                "-".equals(baselineTopic) ? null : baselineTopic, reportDir, maxDuration);
        System.out.println("progrs replay: " + config.app().describe() + " from " + config.start());
        try (RegistryConnection registry = RegistryConnection.open(kafka)) {
            CenteringReplay.Result result;
            if (progress) {
                try (ProgressBar bar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(1).setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" records", 1).showSpeed().setConsumer(new ConsoleProgressBarConsumer(System.err, 150))
                        .setUpdateIntervalMillis(500).build()) {
                    result = CenteringReplay.run(config, CenteringSerdes.avro(registry.registry()),
                            AvroSerde.of(GroupAdvantages.class, registry.registry()).deserializer(), bar(bar));
                }
            } else {
                result = CenteringReplay.run(config, CenteringSerdes.avro(registry.registry()),
                        AvroSerde.of(GroupAdvantages.class, registry.registry()).deserializer(), ReplayProgress.NONE);
            }
            System.out.println(Files.readString(result.markdown()));
            System.out.println("report: " + result.markdown().toAbsolutePath() + " and " + result.png().toAbsolutePath());
        }
        return 0;
    }

    /** Records replayed on the bar; its speed and ETA come from the bar itself. */
    private static ReplayProgress bar(ProgressBar bar) {
        return (replayed, total) -> {
            if (bar.getMax() != total) {
                bar.maxHint(total);
            }
            bar.stepTo(replayed);
        };
    }
}
