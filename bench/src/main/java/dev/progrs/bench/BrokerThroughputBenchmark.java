package dev.progrs.bench;

import dev.progrs.cli.embedded.EmbeddedKafka;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Raw throughput of the embedded broker for records the size of a realistic ScoredTrajectory:
 * the ceiling that later stages are measured against.
 *
 * <p>Per run: (1) producer alone (acks=all, idempotent) — the baseline; (2) produce→consume pipe:
 * a consumer reads while the producer writes, timed from the first send to the last record read.
 * Usage: {@code bench/run BrokerThroughputBenchmark [--records N] [--value-bytes B] [--runs R]}.
 */
public final class BrokerThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        int records = intArg(args, "--records", 100_000);
        int valueBytes = intArg(args, "--value-bytes", 2_300);
        int runs = intArg(args, "--runs", 5);
        Path dir = Files.createTempDirectory("progrs-bench-broker");
        double[] produce = new double[runs];
        double[] pipe = new double[runs];
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")))) {
            byte[] value = new byte[valueBytes];
            new Random(1).nextBytes(value);
            for (int r = 0; r < runs; r++) {
                String produceTopic = "bench.produce." + r;
                String pipeTopic = "bench.pipe." + r;
                createTopics(kafka.bootstrapServers(), produceTopic, pipeTopic);
                produce[r] = records / seconds(() -> produceAll(kafka.bootstrapServers(), produceTopic, records, value));
                pipe[r] = records / pipeSeconds(kafka.bootstrapServers(), pipeTopic, records, value);
                System.out.printf("run %d: producer %.0f rec/s, produce->consume %.0f rec/s%n", r + 1, produce[r], pipe[r]);
            }
        }
        double mb = valueBytes / 1e6;
        System.out.println();
        System.out.println("## Broker throughput (" + Measurements.machine() + ")");
        System.out.printf("records %d x %d B, 6 partitions, acks=all, idempotent; %d runs, median (min–max)%n", records, valueBytes, runs);
        System.out.println("| what | records/s | MB/s | ratio to producer alone |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| producer alone (baseline) | %s | %.0f | 1.00 |%n", Measurements.describe(produce, "%.0f"), Measurements.median(produce) * mb);
        System.out.printf("| produce→consume pipe | %s | %.0f | %.2f |%n", Measurements.describe(pipe, "%.0f"), Measurements.median(pipe) * mb,
                Measurements.median(pipe) / Measurements.median(produce));
    }

    private static void createTopics(String bootstrap, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicSpec> specs = java.util.Arrays.stream(topics).map(t -> new TopicSpec(t, 6, Map.of())).toList();
            TopicSetup.ensure(admin, specs, (short) 1, Duration.ofSeconds(30));
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void produceAll(String bootstrap, String topic, int n, byte[] value) {
        try (var producer = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                // eight records per key, like the K samples of a group
                producer.send(new ProducerRecord<>(topic, "group-" + (i / 8), value));
            }
            producer.flush();
        }
    }

    private static double pipeSeconds(String bootstrap, String topic, int n, byte[] value) throws Exception {
        AtomicLong consumed = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.currentTimeMillis() + 300_000;
                while (consumed.get() < n && System.currentTimeMillis() < deadline) {
                    consumed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                }
            }
        }, "bench-reader");
        reader.start();
        Thread.sleep(1500); // let the consumer join its group before the clock starts
        long t0 = System.nanoTime();
        produceAll(bootstrap, topic, n, value);
        reader.join();
        if (consumed.get() < n) {
            throw new IllegalStateException("consumer read only " + consumed.get() + " of " + n);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double seconds(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " expects an integer, got '" + args[i + 1] + "'");
                }
            }
        }
        return dflt;
    }
}
