package dev.progrs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
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
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Sustained throughput of the centering topology on the embedded broker, in the same run as its two
 * ceilings, plus group-completion latency and the stream time of a replay.
 *
 * <p>N realistic scored trajectories (K per group, keys interleaved in blocks of 64 groups) are stored
 * in {@code progrs.scored} first; then, R times each: (a) raw consume→produce pipe copying the bytes
 * (read_committed consumer, idempotent producer); (b) a bare Kafka Streams topology with the best state
 * layout — a small per-group count plus one entry per record under a sub-key (key + arrival number) in
 * one cached store, the same client settings as the centering app — that buffers the
 * K values of a key and emits them as one record when the group is complete (exactly_once_v2); the
 * centering topology with exactly_once_v2 and with at_least_once. Throughput is timed from the first
 * input record processed to the last group emitted (stream start-up and rebalance excluded), with
 * fresh application ids and output topics per run; ratios are taken per run, then their median.
 * Latency is measured separately with records produced at a steady rate while the exactly-once stream
 * runs (with a backlog it would only measure queueing) — by default half the median exactly-once
 * throughput just measured: to append (CenteringMetrics) and to read_committed visibility (a consumer
 * on the output). Finally the stored topic (plus {@code --replay-extra} more records) is replayed under
 * centering=both, once per {@code --replay-output} value.
 *
 * <p>Usage: {@code bench/run CenteringBenchmark [--records N] [--runs R] [--rate R/s] [--latency-seconds S]
 * [--commit-interval 100ms] [--replay-extra M] [--replay-output full|scores-only|full,scores-only]
 * [--latency-warmup 2] [--streams-config key=value,...] [--centering-config key=value,...] [--broker-config key=value,...] [--latency off] [--replay off]}; the latency figures are over the
 * groups offered after the warm-up (the stream's first transactions on fresh topics and the JIT are start-up, not steady
 * state), and the p99 including them is printed beside them; the live phase starts only once every warm-up group is
 * visible to the reader (a barrier: a backlog left by a cold start would be queueing, not latency);
 * {@code --runs 0} skips the throughput comparison (latency at {@code --rate}, default 2,000/s, and replay
 * only). The last line printed is {@code RESULT {json}} with the medians and ratios.
 */
public final class CenteringBenchmark {

    private static final int K = SampleRecords.GROUP_SIZE;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    /**
     * {@code --streams-config k=v,k=v}: Kafka Streams overrides for the bare and the centering topologies alike;
     * {@code --centering-config k=v}: centering settings (e.g. closed-retention=0s), which the bare topology ignores.
     */
    private static final Map<String, String> STREAMS_EXTRA = new HashMap<>();

    public static void main(String[] args) throws Exception {
        int records = BrokerThroughputBenchmark.intArg(args, "--records", 20_000) / K * K;
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 3);
        int rateArg = BrokerThroughputBenchmark.intArg(args, "--rate", 0);
        int latencySeconds = BrokerThroughputBenchmark.intArg(args, "--latency-seconds", 8);
        int warmupSeconds = BrokerThroughputBenchmark.intArg(args, "--latency-warmup", 2);
        int replayExtra = BrokerThroughputBenchmark.intArg(args, "--replay-extra", 0) / K * K;
        String commitInterval = stringArg(args, "--commit-interval", "100ms");
        List<String> replayOutputs = List.of(stringArg(args, "--replay-output", "full").split(","));
        boolean skipLatency = stringArg(args, "--latency", "on").equals("off");
        boolean skipReplay = stringArg(args, "--replay", "on").equals("off");
        String streamsExtra = stringArg(args, "--streams-config", "");
        String centeringExtra = stringArg(args, "--centering-config", "");
        for (String kv : centeringExtra.isEmpty() ? new String[0] : centeringExtra.split(",")) {
            STREAMS_EXTRA.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        for (String kv : streamsExtra.isEmpty() ? new String[0] : streamsExtra.split(",")) {
            STREAMS_EXTRA.put(CenteringAppConfig.STREAMS_PREFIX + kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Path dir = Files.createTempDirectory("progrs-bench-centering");
        double[] pipe = new double[runs];
        double[] bare = new double[runs];
        double[] eos = new double[runs];
        double[] alo = new double[runs];
        double[] eosOverPipe = new double[runs];
        double[] eosOverBare = new double[runs];
        double[] bareOverPipe = new double[runs];
        double[] aloOverPipe = new double[runs];
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("records", records);
        result.put("runs", runs);
        result.put("commit_interval", commitInterval);
        List<String> loads = new ArrayList<>();
        Map<String, String> brokerExtra = new HashMap<>();
        String brokerArg = stringArg(args, "--broker-config", "");
        for (String kv : brokerArg.isEmpty() ? new String[0] : brokerArg.split(",")) {
            brokerExtra.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        result.put("broker_config", brokerExtra);
        try (LocalStack stack = LocalStack.start(new EmbeddedKafkaConfig(dir.resolve("kafka"), 0, 0, brokerExtra),
                EmbeddedSchemaRegistry.NO_HTTP, 6)) {
            String bootstrap = stack.bootstrapServers();
            CenteringSerdes serdes = CenteringSerdes.avro(stack.registry());
            var serializer = AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer();
            long t0 = System.nanoTime();
            double bytes = produceGroups(bootstrap, Topics.SCORED, serializer, 0, records / K, 0);
            System.out.printf("stored %d scored trajectories (%.0f B each) in %.1f s%n", records, bytes / records, (System.nanoTime() - t0) / 1e9);
            result.put("record_bytes", Math.round(bytes / records));
            for (int r = 0; r < runs; r++) {
                loads.add(load());
                pipe[r] = records / pipeSeconds(bootstrap, Topics.SCORED, "bench.pipe." + r, records);
                bare[r] = records / bareSeconds(bootstrap, dir, "bench-bare-" + r, records, commitInterval);
                eos[r] = records / centeringSeconds(bootstrap, serdes, dir, "bench-eos-" + r, StreamsConfig.EXACTLY_ONCE_V2, records, commitInterval);
                alo[r] = records / centeringSeconds(bootstrap, serdes, dir, "bench-alo-" + r, StreamsConfig.AT_LEAST_ONCE, records, commitInterval);
                eosOverPipe[r] = eos[r] / pipe[r];
                eosOverBare[r] = eos[r] / bare[r];
                bareOverPipe[r] = bare[r] / pipe[r];
                aloOverPipe[r] = alo[r] / pipe[r];
                System.out.printf("run %d: pipe %.0f, bare grouping %.0f, centering EOS %.0f, centering ALO %.0f rec/s; "
                                + "EOS/pipe %.2f, EOS/bare %.2f (load %s)%n",
                        r + 1, pipe[r], bare[r], eos[r], alo[r], eosOverPipe[r], eosOverBare[r], load());
            }
            int rate = rateArg > 0 ? rateArg : runs > 0 ? (int) (Measurements.median(eos) / 2) : 2_000;
            loads.add(load());
            long[] latency = skipLatency ? new long[6] : latency(bootstrap, serdes, stack, dir, rate, latencySeconds, warmupSeconds,
                    commitInterval);

            if (replayExtra > 0) {
                t0 = System.nanoTime();
                produceGroups(bootstrap, Topics.SCORED, serializer, records / K, replayExtra / K, 0);
                System.out.printf("stored %d more for the replay in %.1f s%n", replayExtra, (System.nanoTime() - t0) / 1e9);
            }
            List<String> replayLines = new ArrayList<>();
            for (String output : skipReplay ? List.<String>of() : replayOutputs) {
                String id = "bench-replay-both-" + output;
                Map<String, String> s = settings(bootstrap, dir, id, StreamsConfig.EXACTLY_ONCE_V2, commitInterval);
                s.put("output-topic", "bench.replay.both." + output);
                s.put("centering", "both");
                s.put("output", output);
                String loadBefore = load();
                long w0 = System.nanoTime();
                CenteringReplay.Result replay = CenteringReplay.run(new ReplayConfig(CenteringAppConfig.fromSettings(s),
                        ReplayStart.beginning(), null, dir.resolve("reports"), Duration.ofMinutes(30)), serdes,
                        AvroSerde.of(GroupAdvantages.class, stack.registry()).deserializer());
                double wall = (System.nanoTime() - w0) / 1e9;
                String suffix = output.equals("full") ? "" : "_" + output.replace('-', '_');
                result.put("replay_records" + suffix, replay.inputRecords());
                result.put("replay_stream_s" + suffix, round(replay.elapsed().toMillis() / 1000.0, 2));
                result.put("replay_rps" + suffix, Math.round(replay.recordsPerSecond()));
                result.put("replay_whole_s" + suffix, round(wall, 1));
                replayLines.add(String.format("Replay (centering=both, output %s, exactly_once_v2) of %d stored records: stream %.1f s "
                                + "(%.0f records/s), whole run incl. reading the output and the report %.1f s; %d groups emitted; "
                                + "load before %s, after %s", output, replay.inputRecords(), replay.elapsed().toMillis() / 1000.0,
                        replay.recordsPerSecond(), wall, replay.metrics().groupsEmitted(), loadBefore, load()));
                System.out.println(replayLines.get(replayLines.size() - 1));
            }

            System.out.println();
            System.out.println("## Centering stream throughput (" + Measurements.machine() + ")");
            if (runs > 0) {
                System.out.printf("%d stored scored trajectories (%.0f B), K=%d, 6 partitions, 1 stream thread, commit %s; %d runs, "
                        + "median (min–max); timed from the first input record processed to the last group emitted; "
                        + "ratios per run, then the median; load at the start of each run %s%n",
                        records, bytes / records, K, commitInterval, runs, loads);
                System.out.println("| what | input records/s | ratio to (a) | ratio to (b) |");
                System.out.println("|---|---|---|---|");
                row("(a) raw consume→produce pipe (read_committed, bytes copied)", pipe, pipe, bare);
                row("(b) bare grouping: header + one entry per record, emit the K values (exactly_once_v2)", bare, pipe, bare);
                row("centering topology, exactly_once_v2", eos, pipe, bare);
                row("centering topology, at_least_once", alo, pipe, bare);
                result.put("pipe_rps", Math.round(Measurements.median(pipe)));
                result.put("bare_rps", Math.round(Measurements.median(bare)));
                result.put("eos_rps", Math.round(Measurements.median(eos)));
                result.put("alo_rps", Math.round(Measurements.median(alo)));
                result.put("eos_over_pipe", round(Measurements.median(eosOverPipe), 3));
                result.put("eos_over_bare", round(Measurements.median(eosOverBare), 3));
                result.put("bare_over_pipe", round(Measurements.median(bareOverPipe), 3));
                result.put("alo_over_pipe", round(Measurements.median(aloOverPipe), 3));
            }
            System.out.printf("%nGroup-completion latency, exactly_once_v2, commit %s, %d records/s offered for %d s after a warm-up (%d groups): "
                    + "to append p50 %d ms / p99 %d ms; to read_committed visibility p50 %d ms / p99 %d ms%n",
                    commitInterval, rate, latencySeconds, latency[0], latency[1], latency[2], latency[3], latency[4]);
            result.put("latency_rate_rps", rate);
            result.put("append_p50_ms", latency[1]);
            result.put("append_p99_ms", latency[2]);
            result.put("visible_p50_ms", latency[3]);
            result.put("visible_p99_ms", latency[4]);
            result.put("visible_p99_with_warmup_ms", latency[5]);
            result.put("latency_warmup_s", warmupSeconds);
            replayLines.forEach(l -> System.out.println(System.lineSeparator() + l));
            result.put("loads", loads);
        }
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    /** A table row: the median rate, then the medians of the per-run ratios to (a) and (b). */
    private static void row(String what, double[] v, double[] a, double[] b) {
        double[] overA = new double[v.length];
        double[] overB = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            overA[i] = v[i] / a[i];
            overB[i] = v[i] / b[i];
        }
        System.out.printf("| %s | %s | %.2f | %.2f |%n", what, Measurements.describe(v, "%.0f"), Measurements.median(overA),
                Measurements.median(overB));
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
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, CenteringAppConfig.CONSUMER_PARTITION_FETCH_BYTES),
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

    /**
     * (b): the best layout Kafka Streams offers for grouping, the centering app's own: one store (persistent,
     * cached, changelogged) holding per key a 4-byte arrival count and per record one entry under key +
     * arrival number; the record that completes the group is not stored; the group is emitted as its K
     * length-prefixed values and its entries deleted. The same Kafka Streams properties as the centering app.
     */
    private static double bareSeconds(String bootstrap, Path dir, String appId, int n, String commitInterval)
            throws InterruptedException {
        AtomicLong seen = new AtomicLong();
        AtomicLong emitted = new AtomicLong();
        String out = "bench.bare." + appId;
        Topology topology = new Topology();
        topology.addSource("in", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), Topics.SCORED);
        topology.addProcessor("group", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;
            private KeyValueStore<Bytes, byte[]> state;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
                this.state = context.getStateStore("bare-state");
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                seen.incrementAndGet();
                Bytes key = subKey((byte) 'H', record.key(), -1);
                byte[] c = state.get(key);
                int arrived = c == null ? 0 : ByteBuffer.wrap(c).getInt();
                if (arrived + 1 < K) {
                    state.put(subKey((byte) 'S', record.key(), arrived), record.value());
                    state.put(key, ByteBuffer.allocate(4).putInt(arrived + 1).array());
                    return;
                }
                byte[][] group = new byte[K][];
                int size = 0;
                for (int i = 0; i < K - 1; i++) {
                    Bytes sub = subKey((byte) 'S', record.key(), i);
                    group[i] = state.get(sub);
                    state.delete(sub);
                    size += 4 + group[i].length;
                }
                group[K - 1] = record.value();
                size += 4 + record.value().length;
                ByteBuffer all = ByteBuffer.allocate(size);
                for (byte[] v : group) {
                    all.putInt(v.length).put(v);
                }
                state.delete(key);
                context.forward(record.withValue(all.array()));
                emitted.incrementAndGet();
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("bare-state"), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingEnabled(), "group");
        topology.addSink("out", out, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "group");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(out, 6, Map.of()),
                    new TopicSpec(appId + "-bare-state-changelog", 6, Map.of("cleanup.policy", "compact"))),
                    (short) 1, Duration.ofSeconds(30));
        }
        // the centering app's own Kafka Streams properties: same guarantee, commit interval, clients, cache, RocksDB
        Properties p = CenteringAppConfig.fromSettings(settings(bootstrap, dir, appId, StreamsConfig.EXACTLY_ONCE_V2, commitInterval))
                .streamsProperties();
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            return timed(seen::get, emitted::get, n / K);
        }
    }

    /** {@code prefix} 'H' + key (the count, index −1 omitted) or 'S' + key + index (a buffered value), as the centering store. */
    private static Bytes subKey(byte prefix, byte[] key, int index) {
        ByteBuffer b = ByteBuffer.allocate(1 + key.length + (index < 0 ? 0 : 4)).put(prefix).put(key);
        if (index >= 0) {
            b.putInt(index);
        }
        return Bytes.wrap(b.array());
    }

    private static Map<String, String> settings(String bootstrap, Path dir, String appId, String guarantee, String commitInterval) {
        Map<String, String> s = new HashMap<>();
        s.put(CenteringAppConfig.COMMIT_INTERVAL_CONFIG, commitInterval);
        s.put(CenteringAppConfig.APPLICATION_ID_CONFIG, appId);
        s.put(CenteringAppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(CenteringAppConfig.STATE_DIR_CONFIG, dir.resolve(appId).toString());
        s.put(CenteringAppConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        s.put("output-topic", "bench.adv." + appId);
        s.put("max-staleness", Long.toString(Long.MAX_VALUE));
        s.putAll(STREAMS_EXTRA);
        return s;
    }

    private static double centeringSeconds(String bootstrap, CenteringSerdes serdes, Path dir, String appId, String guarantee, int n,
                                           String commitInterval) throws InterruptedException {
        CenteringMetrics metrics = new CenteringMetrics();
        try (CenteringApp app = CenteringApp.start(CenteringAppConfig.fromSettings(settings(bootstrap, dir, appId, guarantee, commitInterval)),
                serdes, metrics)) {
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

    /** Visibility latency per second of sending: where the tail comes from (start-up, stalls, steady state). */
    private static void printBySecond(List<Long> sentAt, double[] latency) {
        if (latency.length == 0) {
            return;
        }
        long first = sentAt.stream().mapToLong(Long::longValue).min().orElse(0);
        Map<Long, List<Double>> bySecond = new java.util.TreeMap<>();
        for (int i = 0; i < latency.length; i++) {
            bySecond.computeIfAbsent((sentAt.get(i) - first) / 1000, k -> new ArrayList<>()).add(latency[i]);
        }
        StringBuilder b = new StringBuilder("visible latency by second sent (groups p50/p99/max ms):");
        bySecond.forEach((sec, l) -> {
            double[] x = l.stream().mapToDouble(Double::doubleValue).toArray();
            b.append(String.format(" [%ds %d %.0f/%.0f/%.0f]", sec, x.length, Measurements.quantile(x, 0.5),
                    Measurements.quantile(x, 0.99), Measurements.quantile(x, 1.0)));
        });
        System.out.println(b);
    }

    /**
     * Offers {@code rate} records/s for {@code seconds} s to a fresh input topic while the exactly-once stream runs.
     *
     * @return groups, append p50, append p99, read_committed p50, read_committed p99 (ms)
     */
    private static long[] latency(String bootstrap, CenteringSerdes serdes, LocalStack stack, Path dir, int rate, int seconds,
                                  int warmupSeconds, String commitInterval) throws Exception {
        String in = "bench.live.scored";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(in, 6, Map.of())), (short) 1, Duration.ofSeconds(30));
        }
        Map<String, String> s = settings(bootstrap, dir, "bench-latency", StreamsConfig.EXACTLY_ONCE_V2, commitInterval);
        s.put("input-topic", in);
        String out = s.get("output-topic");
        int groups = rate * seconds / K;
        int warmGroups = rate * warmupSeconds / K;
        CenteringMetrics metrics = new CenteringMetrics();
        List<Double> visible = new ArrayList<>();
        List<Double> visibleAll = new ArrayList<>();
        List<Long> sentAt = new ArrayList<>();
        var serializer = AvroSerde.of(ScoredTrajectory.class, stack.registry()).serializer();
        try (CenteringApp app = CenteringApp.start(CenteringAppConfig.fromSettings(s), serdes, metrics)) {
            if (!app.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("latency stream did not start: " + app.state());
            }
            // the reader is assigned the partitions (no group to join, so no rebalance delay), and has its positions,
            // before the first record is offered
            java.util.concurrent.CountDownLatch readerReady = new java.util.concurrent.CountDownLatch(1);
            // the live phase starts once every warm-up group is visible: a cold stream's backlog is queueing, not latency
            java.util.concurrent.CountDownLatch warmDrained = new java.util.concurrent.CountDownLatch(warmGroups);
            Thread reader = new Thread(() -> {
                try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    List<TopicPartition> parts = consumer.partitionsFor(out, Duration.ofSeconds(30)).stream()
                            .map(pi -> new TopicPartition(out, pi.partition())).toList();
                    consumer.assign(parts);
                    consumer.seekToBeginning(parts);
                    parts.forEach(consumer::position);
                    readerReady.countDown();
                    long deadline = System.currentTimeMillis() + seconds * 1000L + 120_000;
                    int seen = 0;
                    while (seen < groups + warmGroups && System.currentTimeMillis() < deadline) {
                        for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(20))) {
                            long now = System.currentTimeMillis();
                            seen++;
                            visibleAll.add((double) (now - rec.timestamp()));
                            if (rec.key()[0] == 'l') { // live-…: sent after the warm-up
                                visible.add((double) (now - rec.timestamp()));
                                sentAt.add(rec.timestamp());
                            } else {
                                warmDrained.countDown();
                            }
                        }
                    }
                }
            }, "bench-latency-reader");
            reader.start();
            // pre-serialise, then pace
            List<ProducerRecord<String, byte[]>> recs = new ArrayList<>();
            for (String prefix : List.of("warm", "live")) {
                int n = prefix.equals("warm") ? warmGroups : groups;
                for (int block = 0; block < n; block += 16) {
                    int nb = Math.min(16, n - block);
                    for (int i = 0; i < K; i++) {
                        for (int g = 0; g < nb; g++) {
                            String id = String.format("%s-%08d", prefix, block + g);
                            recs.add(new ProducerRecord<>(in, id, serializer.serialize(in,
                                    SampleRecords.scoredTrajectory(SampleRecords.trajectory(id, i, SampleRecords.STEPS, SampleRecords.TOKENS)))));
                        }
                    }
                }
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
                if (!readerReady.await(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the read_committed reader did not get its partitions");
                }
                long t0 = System.nanoTime();
                int warmRecords = warmGroups * K;
                for (int i = 0; i < recs.size(); i++) {
                    if (i == warmRecords && warmRecords > 0) {
                        producer.flush();
                        long w0 = System.nanoTime();
                        if (!warmDrained.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
                            throw new IllegalStateException("the warm-up's groups were not all visible within 2 minutes ("
                                    + warmDrained.getCount() + " of " + warmGroups + " missing)");
                        }
                        System.out.printf("warm-up: %d groups visible %.1f s after the last was sent; live phase starts%n", warmGroups,
                                (System.nanoTime() - w0) / 1e9);
                        t0 = System.nanoTime() - (long) (i * 1e9 / rate);
                    }
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
            printBySecond(sentAt, v);
            if (v.length < groups) {
                throw new IllegalStateException("read_committed saw " + v.length + " of " + groups + " groups");
            }
            double[] all = visibleAll.stream().mapToDouble(Double::doubleValue).toArray();
            System.out.printf("visible latency including the %d s warm-up (%d groups): p50 %.0f ms / p99 %.0f ms%n", warmupSeconds,
                    all.length, Measurements.quantile(all, 0.5), Measurements.quantile(all, 0.99));
            return new long[] {groups, snap.latencyP50Ms(), snap.latencyP99Ms(), (long) Measurements.quantile(v, 0.5),
                    (long) Measurements.quantile(v, 0.99), (long) Measurements.quantile(all, 0.99)};
        }
    }
}
