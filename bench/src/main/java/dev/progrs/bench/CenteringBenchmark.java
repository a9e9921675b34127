package dev.progrs.bench;

import dev.progrs.centering.replay.CenteringReplay;
import dev.progrs.centering.replay.ReplayConfig;
import dev.progrs.centering.replay.ReplayStart;
import dev.progrs.centering.topology.CenteringApp;
import dev.progrs.centering.topology.CenteringAppConfig;
import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.centering.topology.CenteringSerdes;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import dev.progrs.schemas.SampleRecords;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Issue 6 benchmarks: sustained throughput of the centering topology on the embedded broker, in the
 * same run as its two ceilings, plus group-completion latency and the wall-clock of a replay.
 *
 * <p>N realistic scored trajectories (K per group, keys interleaved in blocks of 64 groups) are stored
 * in {@code progrs.scored} first; then, R times each: (a) raw consume→produce pipe copying the bytes
 * (read_committed consumer, idempotent producer); (b) a bare Kafka Streams topology that only buffers K
 * records per key in a persistent store and emits one record per complete group (exactly_once_v2);
 * the centering topology with exactly_once_v2 and with at_least_once. Throughput is timed from the
 * first input record processed to the last group emitted (stream start-up and rebalance excluded),
 * with fresh application ids and output topics per run. Latency is measured separately with records
 * produced at a steady rate while the exactly-once stream runs (with a backlog it would only measure
 * queueing): to append (CenteringMetrics) and to read_committed visibility (a consumer on the output).
 * Finally the stored topic (plus {@code --replay-extra} more records) is replayed under centering=both.
 *
 * <p>Usage: {@code bench/run CenteringBenchmark [--records N] [--runs R] [--rate R/s] [--latency-seconds S]
 * [--replay-extra M]}; {@code --runs 0} skips the throughput comparison (latency and replay only).
 */
public final class CenteringBenchmark {

    private static final int K = SampleRecords.GROUP_SIZE;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    public static void main(String[] args) throws Exception {
        int records = BrokerThroughputBenchmark.intArg(args, "--records", 20_000) / K * K;
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 3);
        int rate = BrokerThroughputBenchmark.intArg(args, "--rate", 2_000);
        int latencySeconds = BrokerThroughputBenchmark.intArg(args, "--latency-seconds", 8);
        int replayExtra = BrokerThroughputBenchmark.intArg(args, "--replay-extra", 0) / K * K;
        Path dir = Files.createTempDirectory("progrs-bench-centering");
        double[] pipe = new double[runs];
        double[] bare = new double[runs];
        double[] eos = new double[runs];
        double[] alo = new double[runs];
        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 6)) {
            String bootstrap = stack.bootstrapServers();
            CenteringSerdes serdes = CenteringSerdes.avro(stack.registry());
            var serializer = AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer();
            long t0 = System.nanoTime();
            double bytes = produceGroups(bootstrap, Topics.SCORED, serializer, 0, records / K, 0);
            System.out.printf("stored %d scored trajectories (%.0f B each) in %.1f s%n", records, bytes / records, (System.nanoTime() - t0) / 1e9);
            for (int r = 0; r < runs; r++) {
                pipe[r] = records / pipeSeconds(bootstrap, Topics.SCORED, "bench.pipe." + r, records);
                bare[r] = records / bareSeconds(bootstrap, dir.resolve("bare-" + r), "bench-bare-" + r, records);
                eos[r] = records / centeringSeconds(bootstrap, serdes, dir, "bench-eos-" + r, StreamsConfig.EXACTLY_ONCE_V2, records);
                alo[r] = records / centeringSeconds(bootstrap, serdes, dir, "bench-alo-" + r, StreamsConfig.AT_LEAST_ONCE, records);
                System.out.printf("run %d: pipe %.0f, bare grouping %.0f, centering EOS %.0f, centering ALO %.0f rec/s (load %s)%n",
                        r + 1, pipe[r], bare[r], eos[r], alo[r], load());
            }
            long[] latency = latency(bootstrap, serdes, stack, dir, rate, latencySeconds);

            if (replayExtra > 0) {
                t0 = System.nanoTime();
                produceGroups(bootstrap, Topics.SCORED, serializer, records / K, replayExtra / K, 0);
                System.out.printf("stored %d more for the replay in %.1f s%n", replayExtra, (System.nanoTime() - t0) / 1e9);
            }
            Map<String, String> s = settings(bootstrap, dir, "bench-replay-both", StreamsConfig.EXACTLY_ONCE_V2);
            s.put("output-topic", "bench.replay.both");
            s.put("centering", "both");
            String loadBefore = load();
            long w0 = System.nanoTime();
            CenteringReplay.Result replay = CenteringReplay.run(new ReplayConfig(CenteringAppConfig.fromSettings(s),
                    ReplayStart.beginning(), null, dir.resolve("reports"), Duration.ofMinutes(30)), serdes,
                    AvroSerde.of(GroupAdvantages.class, stack.registry()).deserializer());
            double wall = (System.nanoTime() - w0) / 1e9;

            System.out.println();
            System.out.println("## Issue 6 — centering stream throughput (" + Measurements.machine() + ")");
            if (runs > 0) {
                double a = Measurements.median(pipe);
                double b = Measurements.median(bare);
                System.out.printf("%d stored scored trajectories (%.0f B), K=%d, 6 partitions, 1 stream thread, commit 100 ms; %d runs, "
                        + "median (min–max); timed from the first input record processed to the last group emitted%n", records, bytes / records, K, runs);
                System.out.println("| what | input records/s | ratio to (a) | ratio to (b) |");
                System.out.println("|---|---|---|---|");
                row("(a) raw consume→produce pipe (read_committed, bytes copied)", pipe, a, b);
                row("(b) bare grouping: buffer K per key in RocksDB, emit 1 (exactly_once_v2)", bare, a, b);
                row("centering topology, exactly_once_v2", eos, a, b);
                row("centering topology, at_least_once", alo, a, b);
            }
            System.out.printf("%nGroup-completion latency, exactly_once_v2, %d records/s offered for %d s (%d groups): "
                    + "to append p50 %d ms / p99 %d ms; to read_committed visibility p50 %d ms / p99 %d ms%n",
                    rate, latencySeconds, latency[0], latency[1], latency[2], latency[3], latency[4]);
            System.out.printf("%nReplay (centering=both, exactly_once_v2) of %d stored records: stream %.1f s (%.0f records/s), "
                    + "whole run incl. reading both topics and the report %.1f s; %d groups emitted; load before %s, after %s%n",
                    replay.inputRecords(), replay.elapsed().toMillis() / 1000.0, replay.recordsPerSecond(), wall,
                    replay.metrics().groupsEmitted(), loadBefore, load());
        }
    }

    private static void row(String what, double[] v, double a, double b) {
        System.out.printf("| %s | %s | %.2f | %.2f |%n", what, Measurements.describe(v, "%.0f"), Measurements.median(v) / a, Measurements.median(v) / b);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** Stores {@code groups} groups from {@code firstGroup}, K interleaved samples each; returns the bytes written. */
    private static double produceGroups(String bootstrap, String topic, org.apache.kafka.common.serialization.Serializer<ScoredTrajectory> ser,
                                        int firstGroup, int groups, long timestamp) {
        double bytes = 0;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int block = 0; block < groups; block += 64) {
                int n = Math.min(64, groups - block);
                for (int i = 0; i < K; i++) {
                    for (int g = 0; g < n; g++) {
                        String id = String.format("bench-%08d", firstGroup + block + g);
                        byte[] value = ser.serialize(topic, SampleRecords.scoredTrajectory(SampleRecords.trajectory(id, i, SampleRecords.STEPS, SampleRecords.TOKENS)));
                        bytes += value.length;
                        producer.send(new ProducerRecord<>(topic, null, timestamp > 0 ? timestamp : null, id, value));
                    }
                }
            }
            producer.flush();
        }
        return bytes;
    }

    /** (a): a read_committed consumer and an idempotent producer copying every stored record to {@code out}. */
    private static double pipeSeconds(String bootstrap, String in, String out, int n) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(out, 6, Map.of())), (short) 1, Duration.ofSeconds(30));
        }
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < 6; p++) {
                parts.add(new TopicPartition(in, p));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long copied = 0;
            long start = 0;
            long deadline = System.currentTimeMillis() + RUN_TIMEOUT.toMillis();
            while (copied < n && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(100))) {
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    producer.send(new ProducerRecord<>(out, rec.key(), rec.value()));
                    copied++;
                }
            }
            producer.flush();
            if (copied < n) {
                throw new IllegalStateException("pipe copied only " + copied + " of " + n);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** (b): buffers K records per key in a persistent store, emits one record per complete group, deletes the state. */
    private static double bareSeconds(String bootstrap, Path stateDir, String appId, int n) throws InterruptedException {
        AtomicLong seen = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.SCORED);
        topology.addProcessor("group", () -> new Processor<String, byte[], String, byte[]>() {
            private ProcessorContext<String, byte[]> context;
            private KeyValueStore<String, byte[]> store;

            @Override
            public void init(ProcessorContext<String, byte[]> context) {
                this.context = context;
                this.store = context.getStateStore("groups");
            }

            @Override
            public void process(Record<String, byte[]> record) {
                seen.incrementAndGet();
                byte[] old = store.get(record.key());
                int count = old == null ? 1 : ByteBuffer.wrap(old).getInt() + 1;
                // [count][len][bytes][len][bytes]... : the K values are really buffered
                ByteBuffer next = ByteBuffer.allocate((old == null ? 4 : old.length) + 4 + record.value().length);
                next.putInt(count);
                if (old != null) {
                    next.put(old, 4, old.length - 4);
                }
                next.putInt(record.value().length).put(record.value());
                if (count < K) {
                    store.put(record.key(), next.array());
                    return;
                }
                store.delete(record.key());
                context.forward(record.withValue(record.value()));
                emitted.incrementAndGet();
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("groups"), Serdes.String(), Serdes.ByteArray()), "group");
        topology.addSink("out", "bench.bare." + appId, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "group");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec("bench.bare." + appId, 6, Map.of())), (short) 1, Duration.ofSeconds(30));
        }
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1); // as the centering app
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            return timed(seen::get, emitted::get, n / K);
        }
    }

    private static Map<String, String> settings(String bootstrap, Path dir, String appId, String guarantee) {
        Map<String, String> s = new HashMap<>();
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, appId);
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        s.put(CenteringAppConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        s.put("output-topic", "bench.adv." + appId);
        s.put("max-staleness", Long.toString(Long.MAX_VALUE));
        return s;
    }

    private static double centeringSeconds(String bootstrap, CenteringSerdes serdes, Path dir, String appId, String guarantee, int n)
            throws InterruptedException {
        CenteringMetrics metrics = new CenteringMetrics();
        try (CenteringApp app = CenteringApp.start(CenteringAppConfig.fromSettings(settings(bootstrap, dir, appId, guarantee)), serdes, metrics)) {
            double s = timed(() -> metrics.snapshot().samplesAccepted(), () -> metrics.snapshot().groupsEmitted(), n / K);
            var snap = metrics.snapshot();
            if (snap.deadLettered() > 0 || snap.groupsTimedOutDropped() > 0 || snap.groupsStale() > 0) {
                throw new IllegalStateException(appId + ": unexpected " + snap.asMap());
            }
            return s;
        }
    }

    /** Seconds from the first input record processed to {@code groups} groups emitted, polled every 20 ms. */
    private static double timed(LongSupplier seen, LongSupplier emitted, long groups) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (seen.getAsLong() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        long start = System.nanoTime();
        while (emitted.getAsLong() < groups && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (emitted.getAsLong() < groups) {
            throw new IllegalStateException("only " + emitted.getAsLong() + " of " + groups + " groups emitted");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Offers {@code rate} records/s for {@code seconds} s to a fresh input topic while the exactly-once stream runs.
     *
     * @return groups, append p50, append p99, read_committed p50, read_committed p99 (ms)
     */
    private static long[] latency(String bootstrap, CenteringSerdes serdes, LocalStack stack, Path dir, int rate, int seconds)
            throws Exception {
        String in = "bench.live.scored";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(in, 6, Map.of())), (short) 1, Duration.ofSeconds(30));
        }
        Map<String, String> s = settings(bootstrap, dir, "bench-latency", StreamsConfig.EXACTLY_ONCE_V2);
        s.put("input-topic", in);
        String out = s.get("output-topic");
        int groups = rate * seconds / K;
        CenteringMetrics metrics = new CenteringMetrics();
        List<Double> visible = new ArrayList<>();
        var serializer = AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer();
        try (CenteringApp app = CenteringApp.start(CenteringAppConfig.fromSettings(s), serdes, metrics)) {
            if (!app.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("latency stream did not start: " + app.state());
            }
            Thread reader = new Thread(() -> {
                try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.GROUP_ID_CONFIG, "bench-latency-reader",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(out));
                    long deadline = System.currentTimeMillis() + seconds * 1000L + 120_000;
                    while (visible.size() < groups && System.currentTimeMillis() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(20))) {
                            visible.add((double) (System.currentTimeMillis() - rec.timestamp()));
                        }
                    }
                }
            }, "bench-latency-reader");
            reader.start();
            // pre-serialise, then pace in 10 ms ticks
            List<ProducerRecord<String, byte[]>> recs = new ArrayList<>();
            for (int block = 0; block < groups; block += 16) {
                int nb = Math.min(16, groups - block);
                for (int i = 0; i < K; i++) {
                    for (int g = 0; g < nb; g++) {
                        String id = String.format("live-%08d", block + g);
                        recs.add(new ProducerRecord<>(in, id, serializer.serialize(in,
                                SampleRecords.scoredTrajectory(SampleRecords.trajectory(id, i, SampleRecords.STEPS, SampleRecords.TOKENS)))));
                    }
                }
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
                long t0 = System.nanoTime();
                for (int i = 0; i < recs.size(); i++) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    ProducerRecord<String, byte[]> r = recs.get(i);
                    producer.send(new ProducerRecord<>(r.topic(), null, System.currentTimeMillis(), r.key(), r.value()));
                }
                producer.flush();
            }
            reader.join();
            var snap = metrics.snapshot();
            double[] v = visible.stream().mapToDouble(Double::doubleValue).toArray();
            if (v.length < groups) {
                throw new IllegalStateException("read_committed saw " + v.length + " of " + groups + " groups");
            }
            return new long[] {groups, snap.latencyP50Ms(), snap.latencyP99Ms(), (long) Measurements.quantile(v, 0.5),
                    (long) Measurements.quantile(v, 0.99)};
        }
    }
}
