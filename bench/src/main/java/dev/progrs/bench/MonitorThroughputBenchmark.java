package dev.progrs.bench;

import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.monitor.engine.MonitorConfig;
import dev.progrs.monitor.engine.MonitorEngine;
import dev.progrs.monitor.engine.Observations;
import dev.progrs.monitor.kafka.MonitorOptions;
import dev.progrs.monitor.kafka.MonitorService;
import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.synthetic.SyntheticRewardStream;
import dev.progrs.monitor.window.GroupObservation;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Throughput of the reward-health monitor on a synthetic stream (K = 8 scored trajectories plus one
 * GroupAdvantages per group, PRM biased on incorrect samples from the middle on; default monitor
 * configuration: count windows of 32 groups, both drift detectors on every signal).
 *
 * <p>Per run: (0) raw consume of both topics as bytes (the Kafka ceiling, baseline); (0b) the same
 * plus Avro decoding of every value; (1) engine alone — join, windows, signals, detectors over pre-decoded observations
 * (the ceiling of the maths); (2) {@code progrs monitor --once} path — a read_committed consumer
 * reads both topics from the beginning of the embedded broker, decodes every record through the
 * Avro serde and feeds the engine. Records/s count scored + advantages records.
 * Usage: {@code bench/run MonitorThroughputBenchmark [--groups N] [--runs R]}.
 */
public final class MonitorThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        int groups = BrokerThroughputBenchmark.intArg(args, "--groups", 20_000);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        int k = 8;
        long records = (long) groups * (k + 1);
        List<Object> observations = new ArrayList<>();
        Path dir = Files.createTempDirectory("progrs-bench-monitor");
        double[] engineRate = new double[runs];
        double[] onceRate = new double[runs];
        double[] rawRate = new double[runs];
        double[] decodeRate = new double[runs];
        System.out.println("machine: " + Measurements.machine());
        long alerts = 0;
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 6)) {
            var stream = new SyntheticRewardStream(1, k, groups / 2, 0.08, System.currentTimeMillis(), 1);
            Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            long t0 = System.nanoTime();
            try (var scored = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer());
                 var adv = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(GroupAdvantages.class, stack.registry()).serializer())) {
                for (int g = 0; g < groups; g++) {
                    SyntheticGroup group = stream.next();
                    String key = group.advantages().getGroupId().toString();
                    for (ScoredTrajectory s : group.scored()) {
                        scored.send(new ProducerRecord<>(Topics.SCORED, key, s));
                        observations.add(Observations.of(s));
                    }
                    adv.send(new ProducerRecord<>(Topics.ADVANTAGES, key, group.advantages()));
                    observations.add(Observations.of(group.advantages()));
                }
            }
            System.out.printf("produced %d records (%d groups) in %.1f s%n", records, groups, (System.nanoTime() - t0) / 1e9);
            for (int r = 0; r < runs; r++) {
                long c0 = System.nanoTime();
                long raw = consumeRaw(stack.bootstrapServers(), null);
                rawRate[r] = raw / ((System.nanoTime() - c0) / 1e9);
                long d0 = System.nanoTime();
                long decoded = consumeRaw(stack.bootstrapServers(), stack.registry());
                decodeRate[r] = decoded / ((System.nanoTime() - d0) / 1e9);
                long e0 = System.nanoTime();
                MonitorEngine engine = new MonitorEngine(MonitorConfig.defaults(), System::currentTimeMillis);
                long windows = 0;
                for (Object o : observations) {
                    windows += o instanceof SampleObservation s ? engine.onSample(s).size() : engine.onGroup((GroupObservation) o).size();
                }
                windows += engine.flush().size();
                engineRate[r] = records / ((System.nanoTime() - e0) / 1e9);
                long o0 = System.nanoTime();
                MonitorService.OnceResult once = MonitorService.once(MonitorOptions.defaults(stack.bootstrapServers())
                        .withPublishAlerts(false), stack.registry(), MonitorConfig.defaults());
                onceRate[r] = once.records() / ((System.nanoTime() - o0) / 1e9);
                alerts = once.alerts();
                if (once.records() != records) {
                    throw new IllegalStateException("once-read saw " + once.records() + " records, expected " + records);
                }
                System.out.printf("run %d: raw consume %.0f rec/s, consume+decode %.0f rec/s, engine alone %.0f rec/s (%d windows), once-read from broker %.0f rec/s (%d windows, %d alerts)%n",
                        r + 1, rawRate[r], decodeRate[r], engineRate[r], windows, onceRate[r], once.history().windowsSeen(), once.alerts());
            }
        }
        System.out.println();
        System.out.println("## Monitor throughput (" + Measurements.machine() + ")");
        System.out.printf("%d groups x (K=%d scored + 1 advantages) = %d records, 6 partitions, count windows of 32 groups, "
                + "both detectors on every signal (%d alerts); %d runs, median (min–max)%n", groups, k, records, alerts, runs);
        System.out.println("| what | records/s | groups/s | ratio to raw consume |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| raw consume of both topics, bytes only (baseline) | %s | %.0f | 1.00 |%n", Measurements.describe(rawRate, "%.0f"),
                Measurements.median(rawRate) / (k + 1));
        System.out.printf("| consume + Avro decode to ScoredTrajectory/GroupAdvantages (no engine) | %s | %.0f | %.2f |%n",
                Measurements.describe(decodeRate, "%.0f"), Measurements.median(decodeRate) / (k + 1),
                Measurements.median(decodeRate) / Measurements.median(rawRate));
        System.out.printf("| consume (read_committed) + Avro decode + engine (`monitor --once`) | %s | %.0f | %.2f |%n",
                Measurements.describe(onceRate, "%.0f"), Measurements.median(onceRate) / (k + 1),
                Measurements.median(onceRate) / Measurements.median(rawRate));
        System.out.printf("| engine alone, pre-decoded observations (no Kafka) | %s | %.0f | %.2f |%n", Measurements.describe(engineRate, "%.0f"),
                Measurements.median(engineRate) / (k + 1), Measurements.median(engineRate) / Measurements.median(rawRate));
    }

    /**
     * Reads both topics from the beginning to their end offsets; with a registry, decodes every value
     * to its Avro class. Returns the record count.
     */
    private static long consumeRaw(String bootstrap, SchemaRegistry registry) {
        RecordDecoder<ScoredTrajectory> scoredDecoder = registry == null ? null : RecordDecoder.of(ScoredTrajectory.class, registry);
        RecordDecoder<GroupAdvantages> advDecoder = registry == null ? null : RecordDecoder.of(GroupAdvantages.class, registry);
        long checksum = 0;
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var kc = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.SCORED, Topics.ADVANTAGES)) {
                kc.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            kc.assign(parts);
            kc.seekToBeginning(parts);
            Map<TopicPartition, Long> end = kc.endOffsets(parts);
            long n = 0;
            while (parts.stream().anyMatch(tp -> kc.position(tp) < end.get(tp))) {
                for (var rec : kc.poll(Duration.ofMillis(200))) {
                    n++;
                    if (registry != null) {
                        checksum += rec.topic().equals(Topics.SCORED) ? scoredDecoder.decode(rec).getTrajectory().getSampleIndex()
                                : advDecoder.decode(rec).getSamples().size();
                    }
                }
            }
            if (checksum < 0) {
                throw new IllegalStateException("impossible checksum " + checksum);
            }
            return n;
        }
    }
}
