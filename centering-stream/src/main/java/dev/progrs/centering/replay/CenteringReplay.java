package dev.progrs.centering.replay;

import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.wire.GroupAdvantages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Re-centering of stored trajectories: the same {@code CenteringTopology} runs over
 * the stored scored topic, from the beginning, an offset or a timestamp, under its own application id
 * and into its own output topic (the live pipeline is untouched), until it has caught up with the
 * input as it was when the replay started. Then both advantage streams are read and compared.
 *
 * <p>The replay's consumer group offsets are set before the stream starts (a new application id has
 * none), which is how a Kafka Streams application is made to start at an offset or a timestamp.
 * Groups still incomplete at the end of the stored range are left out (they would only close by
 * wall-clock timeout). Staleness is not applied in a replay: the policy topic holds today's version,
 * against which every stored group would be stale; use a max-staleness large enough.
 */
public final class CenteringReplay {

    /** What a replay did. */
    public record Result(long inputRecords, Duration elapsed, CenteringMetrics.Snapshot metrics,
                         AdvantageComparison comparison, Path markdown, Path png, int undecodableOutputs) {

        /** @return input records per second of wall-clock time */
        public double recordsPerSecond() {
            return inputRecords / Math.max(1e-3, elapsed.toMillis() / 1000.0);
        }
    }

    private CenteringReplay() {
    }

    /**
     * @param config       the replay
     * @param serdes       wire codecs of the stream
     * @param advantages   decoder of the advantage topics, for the report
     * @return figures and the paths of the report files
     */
    public static Result run(ReplayConfig config, CenteringSerdes serdes, Deserializer<GroupAdvantages> advantages)
            throws IOException, InterruptedException {
        return run(config, serdes, advantages, ReplayProgress.NONE);
    }

    /**
     * @param config       the replay
     * @param serdes       wire codecs of the stream
     * @param advantages   decoder of the advantage topics, for the report
     * @param progress     told the committed progress while the stream runs
     * @return figures and the paths of the report files
     */
    public static Result run(ReplayConfig config, CenteringSerdes serdes, Deserializer<GroupAdvantages> advantages,
                             ReplayProgress progress) throws IOException, InterruptedException {
        var app = config.app();
        String input = app.topology().inputTopic();
        Map<TopicPartition, Long> end;
        Map<TopicPartition, Long> start;
        long total = 0;
        try (Admin admin = Admin.create(app.adminProperties())) {
            refuseUsedApplicationId(admin, app.applicationId());
            List<TopicPartition> partitions = admin.describeTopics(List.of(input)).allTopicNames().get().get(input)
                    .partitions().stream().map(p -> new TopicPartition(input, p.partition())).toList();
            end = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            start = startOffsets(admin, config.start(), partitions, earliest, end);
            for (TopicPartition tp : partitions) {
                total += end.get(tp) - start.get(tp);
            }
            admin.alterConsumerGroupOffsets(app.applicationId(), start.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())))).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the replay on " + app.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }

        CenteringMetrics metrics = new CenteringMetrics();
        long t0 = System.nanoTime();
        try (CenteringApp stream = CenteringApp.start(app, serdes, metrics);
             Admin admin = Admin.create(app.adminProperties())) {
            awaitCaughtUp(admin, app.applicationId(), start, end, total, config.maxDuration(), stream, progress);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

        // the report reads both topics one record at a time: bounded memory at any topic size
        Duration readTimeout = Duration.ofMinutes(10);
        AdvantageComparison.Builder builder = new AdvantageComparison.Builder(AdvantageComparison.SAMPLE_CAPACITY);
        String baselineLabel = "baseline (" + config.baselineTopic() + ")";
        if (config.baselineTopic() != null) {
            builder.stream(baselineLabel); // the reference comes first in the report
        }
        AdvantageComparison.Builder.Stream replayStream = builder.stream("replay (" + app.topology().outputTopic() + ")");
        GroupIdFilter replayedGroups = new GroupIdFilter(Math.max(1, total));
        int undecodable = TopicSnapshot.forEach(app.consumerProperties(), app.topology().outputTopic(), advantages, g -> {
            replayedGroups.add(g.getGroupId());
            replayStream.add(g);
        }, readTimeout);
        if (config.baselineTopic() != null) {
            AdvantageComparison.Builder.Stream baseline = builder.stream(baselineLabel);
            TopicSnapshot.forEach(app.consumerProperties(), config.baselineTopic(), advantages, g -> {
                if (replayedGroups.mightContain(g.getGroupId())) {
                    baseline.add(g);
                }
            }, readTimeout);
        }
        AdvantageComparison comparison = builder.build();

        Files.createDirectories(config.reportDir());
        Path png = config.reportDir().resolve("replay-" + app.applicationId() + ".png");
        Path md = config.reportDir().resolve("replay-" + app.applicationId() + ".md");
        AdvantageHistogram.write(png, comparison.advantages());
        String header = comparison.markdown("Replay " + app.applicationId(), png.getFileName().toString())
                + String.format(java.util.Locale.ROOT,
                "%nReplayed %d stored records of %s from %s in %.1f s (%.0f records/s); %d groups emitted, %d samples "
                        + "accepted, %d duplicates, %d dead-lettered; configuration: %s%n",
                total, input, config.start(), elapsed.toMillis() / 1000.0, total / Math.max(1e-3, elapsed.toMillis() / 1000.0),
                metrics.snapshot().groupsEmitted(), metrics.snapshot().samplesAccepted(), metrics.snapshot().duplicateSamples(),
                metrics.snapshot().deadLettered(), app.topology().centering().describe());
        Files.writeString(md, header, StandardCharsets.UTF_8);
        return new Result(total, elapsed, metrics.snapshot(), comparison, md, png, undecodable);
    }

    private static void refuseUsedApplicationId(Admin admin, String applicationId) throws ExecutionException, InterruptedException {
        String prefix = applicationId + "-";
        Set<String> used = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(prefix) && t.endsWith("-changelog")).collect(Collectors.toSet());
        if (!used.isEmpty()) {
            throw new IllegalArgumentException("application id '" + applicationId + "' already has state from an earlier run "
                    + used + "; a replay needs a fresh --application-id");
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private static Map<TopicPartition, Long> startOffsets(Admin admin, ReplayStart start, List<TopicPartition> partitions,
                                                          Map<TopicPartition, Long> earliest, Map<TopicPartition, Long> end)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> out = new HashMap<>();
        switch (start.kind()) {
            case BEGINNING -> out.putAll(earliest);
            case OFFSET -> partitions.forEach(tp -> out.put(tp, Math.max(earliest.get(tp), Math.min(end.get(tp), start.value()))));
            case TIMESTAMP -> {
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                partitions.forEach(tp -> request.put(tp, OffsetSpec.forTimestamp(start.value())));
                Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(request).all().get();
                // no record at or after T: start at the end (nothing to replay in that partition)
                partitions.forEach(tp -> {
                    long o = found.get(tp).offset();
                    out.put(tp, o < 0 ? end.get(tp) : o);
                });
            }
            default -> throw new IllegalStateException("unknown start " + start);
        }
        return out;
    }

    private static void awaitCaughtUp(Admin admin, String group, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end,
                                      long total, Duration limit, CenteringApp stream, ReplayProgress progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (stream.awaitStopped(Duration.ZERO)) {
                Throwable why = stream.failure();
                throw new IllegalStateException("the replay stream stopped in state " + stream.state()
                        + (why == null ? "" : ": " + why.getMessage()), why);
            }
            try {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long replayed = 0;
                boolean done = true;
                for (var e : end.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    long at = c == null ? start.get(e.getKey()) : Math.min(e.getValue(), c.offset());
                    replayed += Math.max(0, at - start.get(e.getKey()));
                    done &= c != null && c.offset() >= e.getValue();
                }
                progress.records(replayed, total);
                if (done) {
                    return;
                }
            } catch (ExecutionException e) {
                // the group may be rebalancing; ask again
            }
            Thread.sleep(ReplayProgress.INTERVAL_MS);
        }
        throw new IllegalStateException("the replay did not catch up with " + end + " within " + limit);
    }
}
