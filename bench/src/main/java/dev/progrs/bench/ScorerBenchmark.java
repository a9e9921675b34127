package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmConfig;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.wire.Trajectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Scorer throughput, 8-step arithmetic trajectories, policy-sized PRM (d 64, 2 layers; random
 * weights cost the same as trained ones, or {@code --prm DIR}).
 *
 * <p>(1) {@link TrajectoryScorer} alone: batch 1 (one PRM forward pass per trajectory, the
 * baseline) against batch 16, alternating in the same run. (2) The scorer worker end to end
 * against the embedded broker (transactions, read_committed, 6 partitions): time from the worker's
 * start until it has committed every pre-produced trajectory, batch 1 and batch 16.
 * Run with {@code BENCH_JAVA_OPTS="-Xmx4g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"} so
 * that the per-CPU-second figures cover PyTorch's work.
 * Usage: {@code bench/run ScorerBenchmark [--trajectories N] [--runs R] [--e2e-trajectories N] [--e2e-runs R] [--prm DIR]}.
 */
public final class ScorerBenchmark {

    public static void main(String[] args) throws Exception {
        int n = intArg(args, "--trajectories", 256);
        int runs = intArg(args, "--runs", 5);
        int e2eN = intArg(args, "--e2e-trajectories", 1024);
        int e2eRuns = intArg(args, "--e2e-runs", 3);
        String prmArg = stringArg(args, "--prm", null);
        Path tmp = Files.createTempDirectory("progrs-bench-scorer");
        Path prmDir = prmArg != null ? Path.of(prmArg) : ScorerFixtures.savePrm(tmp.resolve("prm"),
                new PrmConfig(TransformerConfig.policyDefault(ScorerFixtures.TOKENIZER.vocabSize()), PrmConfig.DEFAULT_LEVELS), 1);
        List<Trajectory> trajectories = new ArrayList<>();
        for (int i = 0; i < Math.max(n, e2eN); i++) {
            trajectories.add(ScorerFixtures.trajectory("g-" + i / 8, i % 8, i, 8));
        }
        double[] single = new double[runs];
        double[] batched = new double[runs];
        double[] singleCpu = new double[runs];
        double[] batchedCpu = new double[runs];
        double[] e2eSingle = new double[e2eRuns];
        double[] e2eBatched = new double[e2eRuns];
        try (FrozenPrm prm = FrozenPrm.load(prmDir, Device.cpu())) {
            TrajectoryScorer one = scorer(prm, 1);
            TrajectoryScorer sixteen = scorer(prm, 16);
            List<Trajectory> sample = trajectories.subList(0, n);
            one.score(sample.subList(0, 32));
            sixteen.score(sample.subList(0, 64));
            for (int r = 0; r < runs; r++) {
                double[] s1 = seconds(() -> check(one.score(sample)));
                double[] s16 = seconds(() -> check(sixteen.score(sample)));
                single[r] = n / s1[0];
                singleCpu[r] = n / s1[1];
                batched[r] = n / s16[0];
                batchedCpu[r] = n / s16[1];
                System.out.printf("run %d: batch 1 %.0f traj/s (%.0f per CPU-s), batch 16 %.0f traj/s (%.0f per CPU-s)%n",
                        r + 1, single[r], singleCpu[r], batched[r], batchedCpu[r]);
            }
            try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(tmp.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 6)) {
                AvroSerializer<Trajectory> ser = new AvroSerializer<>(Trajectory.class, stack.registry());
                List<byte[]> values = trajectories.subList(0, e2eN).stream().map(t -> ser.serialize(Topics.TRAJECTORIES, t)).toList();
                for (int r = 0; r < e2eRuns; r++) {
                    for (int batch : new int[] {1, 16}) {
                        double tps = endToEnd(stack, prm, values, trajectories, batch, "r" + r + "b" + batch);
                        (batch == 1 ? e2eSingle : e2eBatched)[r] = tps;
                        System.out.printf("e2e run %d batch %d: %.0f traj/s%n", r + 1, batch, tps);
                    }
                }
            }
        }
        System.out.println();
        System.out.println("## Scorer throughput (" + Measurements.machine() + ")");
        System.out.printf("8-step trajectories, PRM %s, levels 0.1/0.5/0.9, coherence W={2,4,8}; median (min–max) of %d runs%n",
                prmArg != null ? prmDir.toString() : "policy-sized random (d64, 2 layers)", runs);
        System.out.println("| what | trajectories/s | ratio to batch 1 |");
        System.out.println("|---|---|---|");
        System.out.printf("| TrajectoryScorer, batch 1 (baseline), wall | %s | 1.00 |%n", Measurements.describe(single, "%.0f"));
        System.out.printf("| TrajectoryScorer, batch 16, wall | %s | %.2f |%n", Measurements.describe(batched, "%.0f"),
                Measurements.median(batched) / Measurements.median(single));
        System.out.printf("| TrajectoryScorer, batch 1 (baseline), per CPU-second of the scoring thread | %s | 1.00 |%n",
                Measurements.describe(singleCpu, "%.0f"));
        System.out.printf("| TrajectoryScorer, batch 16, per CPU-second of the scoring thread | %s | %.2f |%n",
                Measurements.describe(batchedCpu, "%.0f"), Measurements.median(batchedCpu) / Measurements.median(singleCpu));
        System.out.printf("| worker end to end, batch 1 (%d traj, %d runs) | %s | %.2f |%n", e2eN, e2eRuns,
                Measurements.describe(e2eSingle, "%.0f"), Measurements.median(e2eSingle) / Measurements.median(single));
        System.out.printf("| worker end to end, batch 16 | %s | %.2f |%n", Measurements.describe(e2eBatched, "%.0f"),
                Measurements.median(e2eBatched) / Measurements.median(single));
    }

    private static TrajectoryScorer scorer(FrozenPrm prm, int batch) {
        return new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "bench", batch, System::currentTimeMillis);
    }

    private static void check(List<TrajectoryScorer.Result> results) {
        for (TrajectoryScorer.Result r : results) {
            if (r.scored() == null) {
                throw new IllegalStateException("benchmark trajectory failed: " + r.error());
            }
        }
    }

    /** Pre-produces the trajectories to a fresh topic, then times a worker from start to its last commit. */
    private static double endToEnd(LocalStack stack, FrozenPrm prm, List<byte[]> values, List<Trajectory> ts, int batch, String tag)
            throws Exception {
        String in = "bench.trajectories." + tag;
        String out = "bench.scored." + tag;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            TopicSetup.ensure(admin, List.of(new TopicSpec(in, 6, Map.of()), new TopicSpec(out, 6, Map.of())), (short) 1,
                    Duration.ofSeconds(30));
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(in, ts.get(i).getGroupId().getBytes(StandardCharsets.UTF_8), values.get(i)));
            }
            producer.flush();
        }
        ScorerWorkerConfig config = new ScorerWorkerConfig(stack.bootstrapServers(), "bench-" + tag, in, out, Topics.DLQ,
                "bench-" + tag, 64, Duration.ofMillis(100), null, Map.of());
        ScorerWorker worker = new ScorerWorker(config, scorer(prm, batch), prm::currentWeightsSha256, stack.registry(),
                new SimpleMeterRegistry());
        long t0 = System.nanoTime();
        Thread t = new Thread(worker, "bench-scorer-" + tag);
        t.start();
        long deadline = System.currentTimeMillis() + 600_000;
        while (worker.scoredCount() < values.size() && System.currentTimeMillis() < deadline && worker.isRunning()) {
            Thread.sleep(5);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long done = worker.scoredCount();
        worker.close();
        t.join();
        if (done < values.size()) {
            throw new IllegalStateException("worker scored " + done + " of " + values.size() + "; failure " + worker.failure());
        }
        return values.size() / secs;
    }

    /**
     * Wall seconds and CPU seconds of the calling thread. With {@code -Dai.djl.pytorch.num_threads=1}
     * PyTorch computes on the calling thread, so the CPU time covers the forward passes and stays
     * meaningful when other jobs share the cores.
     */
    private static double[] seconds(Runnable r) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r.run();
        return new double[] {(System.nanoTime() - t0) / 1e9, (mx.getCurrentThreadCpuTime() - c0) / 1e9};
    }

    private static int intArg(String[] args, String name, int def) {
        String v = stringArg(args, name, null);
        return v == null ? def : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String def) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return def;
    }
}
