package dev.progrs.bench;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.cli.topics.TopicSetup;
import dev.progrs.cli.topics.TopicSpec;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerializer;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.scorer.prmtrain.LabelStore;
import dev.progrs.scorer.prmtrain.Rollout;
import dev.progrs.scorer.scoring.TrajectoryScorer;
import dev.progrs.scorer.worker.ScorerWorker;
import dev.progrs.scorer.worker.ScorerWorkerConfig;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import dev.progrs.wire.Trajectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Scorer throughput: the K samples of a group scored together with their prompt encoded once,
 * against one trajectory at a time, paired in one run.
 *
 * <p><b>Input.</b> {@code --groups} groups of {@code --group-size} K trajectories of the built-in
 * arithmetic suite ({@code v1}, the run's), group g one train problem of {@code --min-steps}..{@code --max-steps}
 * steps (cycling), its K samples the reference solution or one of the suite's flawed solutions (a
 * slip, a skipped step, a wrong operand, a wrong shown step; seeded), tokenised as the generator
 * publishes them, so the samples of a group share the prompt and differ in the response; the PRM
 * {@code --prm} (default the shipped {@code models/warm/prm-v1}), step confidence Q_0.5, coherence
 * W = {2, 4, 8}. Every figure covers what the worker's scoring step does: PRM inputs, the forward
 * passes, confidences, coherence and the {@code ScoredTrajectory}. With {@code --input labels:FILE}
 * the groups are instead real policy samples: the rollouts of a {@code train-prm} label file (e.g.
 * {@code models/warm/prm-labels-v1.jsonl}: policy-v1 at T = 1, four per problem of 6–8 steps), one
 * problem's rollouts one group, K = the file's samples per problem ({@code --min-steps}/{@code --max-steps}
 * do not apply). A group's samples that are the same token sequence are scored once by the shared arm
 * (see {@code DistinctSequences}); the header and {@code distinct_response_share} say how many were distinct.
 *
 * <p><b>Arms</b>, all {@link TrajectoryScorer}, each over all the trajectories in every run:
 * <ul>
 *   <li>{@code single} (the baseline): one trajectory per call, batch 1 — one forward pass over
 *       prompt + response per trajectory;</li>
 *   <li>{@code batched}: one group per call, batch {@code --batch-size} (default K), prompts shared —
 *       the prompt's keys and values computed once per group, the group's distinct responses in one
 *       pass, a repeated response's scores copied;</li>
 *   <li>{@code packed} (for reference): the same calls and batch with sharing off — K full rows
 *       in one pass — which separates what batching alone buys from what the shared prompt buys.</li>
 * </ul>
 * After one unmeasured pass of every arm (warm-up), each of {@code --runs} runs measures every arm
 * once, the order rotated from run to run, so drifts of the machine's load fall on all arms alike.
 * Per arm and run: trajectories per CPU-second (CPU time of the whole process over the arm, every
 * PyTorch thread included, so it stays meaningful when other jobs share the cores; Linux reports it in
 * 10 ms steps, so an arm should take well over a second of CPU, as with the default 64 groups), per
 * wall-second, and per CPU-second of the scoring thread (nanosecond resolution; the whole of PyTorch's
 * work only with {@code -Dai.djl.pytorch.num_threads=1}). Reported: the median over runs of each rate,
 * and the median over runs of the paired per-run ratios. The first run checks that the batched and the
 * packed process scores equal the single ones (to 1e-5).
 *
 * <p><b>End to end</b> ({@code --e2e-runs}, default 2; 0 skips it): the scorer worker against the
 * embedded broker (transactions, read_committed, 6 partitions, 64 records per poll) from its start
 * until it has committed {@code --e2e-groups} pre-produced groups, batch 1 against batch
 * {@code --e2e-batch-size} (default 16, the pipeline's), alternating.
 *
 * <p>The last line printed is {@code RESULT {json}} with the medians and ratios
 * ({@code batched_over_single_cpu} the headline). Usage: {@code bench/run ScorerBenchmark [--runs 5]
 * [--groups 64] [--group-size 8] [--batch-size K] [--min-steps 4] [--max-steps 7] [--prm models/warm/prm-v1]
 * [--e2e-runs 2] [--e2e-groups 64] [--e2e-batch-size 16] [--input synthetic|labels:FILE]}.
 */
public final class ScorerBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** One arm of the in-process comparison. */
    private enum Arm { SINGLE, BATCHED, PACKED }

    /** Wall, process-CPU and scoring-thread-CPU seconds of one measured stretch. */
    private record Seconds(double wall, double cpu, double threadCpu) {
    }

    public static void main(String[] args) throws Exception {
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        int groups = BrokerThroughputBenchmark.intArg(args, "--groups", 64);
        int kArg = BrokerThroughputBenchmark.intArg(args, "--group-size", 8);
        int k = kArg;
        int batchSize = BrokerThroughputBenchmark.intArg(args, "--batch-size", k);
        int minSteps = BrokerThroughputBenchmark.intArg(args, "--min-steps", 4);
        int maxSteps = BrokerThroughputBenchmark.intArg(args, "--max-steps", 7);
        int e2eRuns = BrokerThroughputBenchmark.intArg(args, "--e2e-runs", 2);
        int e2eGroups = BrokerThroughputBenchmark.intArg(args, "--e2e-groups", 64);
        int e2eBatch = BrokerThroughputBenchmark.intArg(args, "--e2e-batch-size", 16);
        Path prmDir = Path.of(stringArg(args, "--prm", "models/warm/prm-v1"));
        if (runs < 1 || groups < 1 || k < 2 || batchSize < 1 || minSteps < 2 || maxSteps < minSteps || e2eRuns < 0 || e2eGroups < 1) {
            throw new IllegalArgumentException("accepted: --runs >= 1, --groups >= 1, --group-size >= 2, --batch-size >= 1, "
                    + "2 <= --min-steps <= --max-steps, --e2e-runs >= 0, --e2e-groups >= 1");
        }
        if (!Files.isDirectory(prmDir)) {
            throw new IllegalArgumentException("--prm " + prmDir + " is not a PRM checkpoint directory (run from the repository root)");
        }

        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        String inputArg = stringArg(args, "--input", "synthetic");
        List<List<Trajectory>> input;
        if (inputArg.equals("synthetic")) {
            input = groups(suite, Math.max(groups, e2eRuns > 0 ? e2eGroups : 0), k, minSteps, maxSteps);
        } else if (inputArg.startsWith("labels:")) {
            input = policyGroups(Path.of(inputArg.substring("labels:".length())), Math.max(groups, e2eRuns > 0 ? e2eGroups : 0));
            k = input.get(0).size();
            if (batchSize < k) {
                batchSize = k;
            }
        } else {
            throw new IllegalArgumentException("--input " + inputArg + " is not accepted; accepted: synthetic, labels:FILE "
                    + "(a train-prm label file, e.g. labels:models/warm/prm-labels-v1.jsonl)");
        }
        long distinctRows = input.subList(0, groups).stream().mapToLong(ScorerBenchmark::distinctResponses).sum();
        List<List<Trajectory>> measured = input.subList(0, groups);
        int n = groups * k;
        double promptTokens = measured.stream().mapToInt(g -> g.get(0).getPromptTokenIds().size()).average().orElse(0);
        double responseTokens = measured.stream().flatMap(List::stream).mapToInt(t -> t.getResponseTokenIds().size())
                .average().orElse(0);

        Map<Arm, double[]> cpuRate = new LinkedHashMap<>();
        Map<Arm, double[]> wallRate = new LinkedHashMap<>();
        Map<Arm, double[]> threadRate = new LinkedHashMap<>();
        for (Arm a : Arm.values()) {
            cpuRate.put(a, new double[runs]);
            wallRate.put(a, new double[runs]);
            threadRate.put(a, new double[runs]);
        }
        double[] cpuRatio = new double[runs];
        double[] wallRatio = new double[runs];
        double[] packedCpuRatio = new double[runs];
        double[] threadCpuRatio = new double[runs];
        double maxDiff;
        String prmSha;
        double[] e2eSingle = new double[e2eRuns];
        double[] e2eBatched = new double[e2eRuns];
        long e2eHeld = 0;
        String stepsText = inputArg.equals("synthetic") ? minSteps + "-" + maxSteps + " steps" : "the file's steps";
        System.out.printf("%d groups of %d (%s), %s, prompt %.1f tokens, response %.1f tokens on average, "
                        + "%d of %d responses distinct within their group; PRM %s%n",
                groups, k, inputArg, stepsText, promptTokens, responseTokens, distinctRows, n, prmDir);
        try (FrozenPrm prm = FrozenPrm.load(prmDir, Device.cpu())) {
            prmSha = prm.sha256();
            Map<Arm, TrajectoryScorer> scorers = Map.of(Arm.SINGLE, scorer(prm, 1, true), Arm.BATCHED, scorer(prm, batchSize, true),
                    Arm.PACKED, scorer(prm, batchSize, false));
            for (Arm a : Arm.values()) { // warm-up, one unmeasured pass each: JIT, allocator, the pass shapes
                score(scorers.get(a), a, measured);
            }
            Map<Arm, double[]> firstRunScores = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                Map<Arm, Seconds> secs = new LinkedHashMap<>();
                for (int i = 0; i < Arm.values().length; i++) {
                    Arm a = Arm.values()[(i + r) % Arm.values().length];
                    long c0 = OS.getProcessCpuTime();
                    long tc0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    double[] scores = score(scorers.get(a), a, measured);
                    secs.put(a, new Seconds((System.nanoTime() - t0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9,
                            (THREADS.getCurrentThreadCpuTime() - tc0) / 1e9));
                    if (r == 0) {
                        firstRunScores.put(a, scores);
                    }
                }
                for (Arm a : Arm.values()) {
                    Seconds s = secs.get(a);
                    cpuRate.get(a)[r] = n / s.cpu();
                    wallRate.get(a)[r] = n / s.wall();
                    threadRate.get(a)[r] = n / s.threadCpu();
                }
                cpuRatio[r] = cpuRate.get(Arm.BATCHED)[r] / cpuRate.get(Arm.SINGLE)[r];
                wallRatio[r] = wallRate.get(Arm.BATCHED)[r] / wallRate.get(Arm.SINGLE)[r];
                packedCpuRatio[r] = cpuRate.get(Arm.PACKED)[r] / cpuRate.get(Arm.SINGLE)[r];
                threadCpuRatio[r] = threadRate.get(Arm.BATCHED)[r] / threadRate.get(Arm.SINGLE)[r];
                System.out.printf("run %d: single %.0f traj/CPU-s (%.0f/wall-s), batched %.0f traj/CPU-s (%.0f/wall-s), "
                                + "packed without sharing %.0f traj/CPU-s (%.0f/wall-s); batched/single %.2f CPU, %.2f wall%n",
                        r + 1, cpuRate.get(Arm.SINGLE)[r], wallRate.get(Arm.SINGLE)[r], cpuRate.get(Arm.BATCHED)[r],
                        wallRate.get(Arm.BATCHED)[r], cpuRate.get(Arm.PACKED)[r], wallRate.get(Arm.PACKED)[r], cpuRatio[r], wallRatio[r]);
            }
            maxDiff = Math.max(maxAbsDiff(firstRunScores.get(Arm.SINGLE), firstRunScores.get(Arm.BATCHED)),
                    maxAbsDiff(firstRunScores.get(Arm.SINGLE), firstRunScores.get(Arm.PACKED)));
            if (!(maxDiff <= 1e-5)) {
                throw new IllegalStateException("batched process scores differ from one at a time by " + maxDiff);
            }

            if (e2eRuns > 0) {
                Path tmp = Files.createTempDirectory("progrs-bench-scorer");
                List<Trajectory> e2eInput = input.subList(0, e2eGroups).stream().flatMap(List::stream).toList();
                try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(tmp.resolve("kafka")),
                        EmbeddedSchemaRegistry.NO_HTTP, 6)) {
                    AvroSerializer<Trajectory> ser = new AvroSerializer<>(Trajectory.class, stack.registry());
                    List<byte[]> values = e2eInput.stream().map(t -> ser.serialize(Topics.TRAJECTORIES, t)).toList();
                    for (int r = 0; r < e2eRuns; r++) {
                        int[] order = r % 2 == 0 ? new int[] {1, e2eBatch} : new int[] {e2eBatch, 1};
                        for (int batch : order) {
                            double[] tpsAndHeld = endToEnd(stack, prm, values, e2eInput, batch, "r" + r + "b" + batch);
                            (batch == 1 ? e2eSingle : e2eBatched)[r] = tpsAndHeld[0];
                            e2eHeld += (long) tpsAndHeld[1];
                            System.out.printf("e2e run %d, worker batch %d: %.0f traj/s (%d records held back for whole groups)%n",
                                    r + 1, batch, tpsAndHeld[0], (long) tpsAndHeld[1]);
                        }
                    }
                }
            }
        }

        System.out.println();
        System.out.println("## Scorer throughput, groups with a shared prompt vs one trajectory at a time (" + Measurements.machine()
                + ", load average " + String.format("%.1f", OS.getSystemLoadAverage()) + " at the end)");
        System.out.printf("%d groups of K=%d (%d trajectories, %s) of the v1 suite, %s, prompt %.1f and response %.1f tokens "
                        + "on average, %d distinct responses; PRM %s (sha256 %s…), levels 0.1/0.5/0.9, Q_0.5, W={2,4,8}; batch %d; "
                        + "median (min–max) of %d runs%n",
                groups, k, n, inputArg, stepsText, promptTokens, responseTokens, distinctRows, prmDir, prmSha.substring(0, 8), batchSize, runs);
        System.out.println("| what | traj per CPU-second (process) | traj per wall-second | traj per CPU-second (scoring thread) | CPU ratio to single |");
        System.out.println("|---|---|---|---|---|");
        String[] names = {"one at a time, batch 1 (baseline)", "whole groups, prompt shared, repeats once", "whole groups, no sharing (packed rows)"};
        double[][] ratios = {null, cpuRatio, packedCpuRatio};
        for (Arm a : Arm.values()) {
            System.out.printf("| %s | %s | %s | %s | %s |%n", names[a.ordinal()], Measurements.describe(cpuRate.get(a), "%.0f"),
                    Measurements.describe(wallRate.get(a), "%.0f"), Measurements.describe(threadRate.get(a), "%.0f"),
                    ratios[a.ordinal()] == null ? "1.00" : Measurements.describe(ratios[a.ordinal()], "%.2f"));
        }
        System.out.printf("batched/single paired per run: CPU %s, wall %s; max |Δ process score| %.1e%n",
                Measurements.describe(cpuRatio, "%.2f"), Measurements.describe(wallRatio, "%.2f"), maxDiff);
        if (e2eRuns > 0) {
            System.out.printf("| worker end to end, batch 1 (%d groups, %d runs), wall | %s |%n", e2eGroups, e2eRuns,
                    Measurements.describe(e2eSingle, "%.0f"));
            System.out.printf("| worker end to end, batch %d, wall | %s |%n", e2eBatch, Measurements.describe(e2eBatched, "%.0f"));
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("single_traj_per_cpu_s", round(Measurements.median(cpuRate.get(Arm.SINGLE)), 1));
        result.put("batched_traj_per_cpu_s", round(Measurements.median(cpuRate.get(Arm.BATCHED)), 1));
        result.put("batched_over_single_cpu", round(Measurements.median(cpuRatio), 3));
        result.put("batched_over_single_wall", round(Measurements.median(wallRatio), 3));
        result.put("runs", runs);
        result.put("group_size", k);
        result.put("single_traj_per_wall_s", round(Measurements.median(wallRate.get(Arm.SINGLE)), 1));
        result.put("batched_traj_per_wall_s", round(Measurements.median(wallRate.get(Arm.BATCHED)), 1));
        result.put("packed_over_single_cpu", round(Measurements.median(packedCpuRatio), 3));
        result.put("batched_over_single_thread_cpu", round(Measurements.median(threadCpuRatio), 3));
        result.put("groups", groups);
        result.put("batch_size", batchSize);
        result.put("input", inputArg);
        result.put("distinct_response_share", round(distinctRows / (double) n, 3));
        result.put("prompt_tokens_mean", round(promptTokens, 1));
        result.put("response_tokens_mean", round(responseTokens, 1));
        result.put("max_abs_process_score_diff", maxDiff);
        result.put("prm_sha256", prmSha);
        if (e2eRuns > 0) {
            result.put("e2e_single_traj_per_wall_s", round(Measurements.median(e2eSingle), 1));
            result.put("e2e_batched_traj_per_wall_s", round(Measurements.median(e2eBatched), 1));
            result.put("e2e_batch_size", e2eBatch);
            result.put("e2e_records_held_back", e2eHeld);
        }
        result.put("load_average", round(OS.getSystemLoadAverage(), 2));
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
    }

    /**
     * Group g: train problem 9,000,000 + g of the suite with min + g mod (max − min + 1) steps; its
     * samples the reference solution (half of them, seeded) or a flawed solution of a seeded kind,
     * step and delta, as a generator would publish them (group id, sample index, K).
     */
    private static List<List<Trajectory>> groups(ArithmeticSuite suite, int count, int k, int minSteps, int maxSteps) {
        java.util.List<FlawedSolutions.Kind> kinds = FlawedSolutions.ORIGINAL_KINDS; // the set the shipped checkpoints were made with
        List<List<Trajectory>> out = new ArrayList<>(count);
        for (int g = 0; g < count; g++) {
            int steps = minSteps + g % (maxSteps - minSteps + 1);
            long index = 9_000_000L + g;
            ArithmeticProblem p = suite.trainArithmetic(index, steps);
            Problem problem = suite.toProblem(p, "train", "s" + steps + "/" + index);
            SplittableRandom rng = new SplittableRandom(index);
            String groupId = "bench-" + g;
            List<Trajectory> group = new ArrayList<>(k);
            for (int s = 0; s < k; s++) {
                Trajectory t;
                if (rng.nextBoolean()) {
                    t = ScorerFixtures.trajectory(problem, p.referenceSolution(), true, groupId, s);
                } else {
                    FlawedSolutions.Flawed f = FlawedSolutions.random(p, kinds.get(rng.nextInt(kinds.size())), rng);
                    t = ScorerFixtures.trajectory(problem, f.solution(), f.answerCorrect(), groupId, s);
                }
                group.add(Trajectory.newBuilder(t).setGroupSize(k).build());
            }
            out.add(group);
        }
        return out;
    }

    /**
     * Groups of real policy samples: the rollouts of a {@code train-prm} label file (the warm policy's own
     * samples at T = 1), those of one problem one group, in file order; only groups of the file's first
     * group size are kept. Fewer than {@code count} groups in the file is an error.
     */
    private static List<List<Trajectory>> policyGroups(Path labels, int count) {
        List<Rollout> rollouts = LabelStore.read(labels);
        Map<String, List<Rollout>> byProblem = new LinkedHashMap<>();
        for (var r : rollouts) {
            byProblem.computeIfAbsent(r.problem().id(), x -> new ArrayList<>()).add(r);
        }
        CharTokenizer tokenizer = ScorerFixtures.TOKENIZER;
        int k = byProblem.values().iterator().next().size();
        List<List<Trajectory>> out = new ArrayList<>();
        for (List<Rollout> rs : byProblem.values()) {
            if (rs.size() != k || out.size() == count) {
                continue;
            }
            String groupId = "policy-" + out.size();
            List<Trajectory> group = new ArrayList<>(k);
            for (int s = 0; s < k; s++) {
                var r = rs.get(s);
                String text = tokenizer.decode(r.responseIds());
                group.add(Trajectory.newBuilder(ScorerFixtures.trajectory(r.problem(), text, r.correct(), groupId, s)).setGroupSize(k).build());
            }
            out.add(group);
        }
        if (out.size() < count) {
            throw new IllegalArgumentException(labels + " holds " + out.size() + " groups of " + k + "; the benchmark needs " + count
                    + " (lower --groups or --e2e-groups)");
        }
        return out;
    }

    /** Responses of a group that are not a repeat of an earlier sample's, token for token. */
    private static long distinctResponses(List<Trajectory> group) {
        return group.stream().map(t -> t.getResponseTokenIds()).distinct().count();
    }

    private static TrajectoryScorer scorer(FrozenPrm prm, int batch, boolean sharePrompts) {
        return new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "bench", batch, sharePrompts,
                System::currentTimeMillis);
    }

    /** Scores the groups as the arm does; returns every trajectory's process score, in input order. */
    private static double[] score(TrajectoryScorer scorer, Arm arm, List<List<Trajectory>> groups) {
        List<Double> scores = new ArrayList<>();
        for (List<Trajectory> group : groups) {
            if (arm == Arm.SINGLE) {
                for (Trajectory t : group) {
                    collect(scorer.score(List.of(t)), scores);
                }
            } else {
                collect(scorer.score(group), scores);
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(List<TrajectoryScorer.Result> results, List<Double> scores) {
        for (TrajectoryScorer.Result r : results) {
            if (r.scored() == null) {
                throw new IllegalStateException("benchmark trajectory failed: " + r.error());
            }
            scores.add(r.scored().getProcessScore());
        }
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /**
     * Pre-produces the trajectories to a fresh topic (keyed by group id), then times a worker from its
     * start to its last commit; returns trajectories per second and the records it held back.
     */
    private static double[] endToEnd(LocalStack stack, FrozenPrm prm, List<byte[]> values, List<Trajectory> ts, int batch, String tag)
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
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScorerWorker worker = new ScorerWorker(config, scorer(prm, batch, true), prm::currentWeightsSha256, stack.registry(), meters);
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
        Counter held = meters.find("progrs.scorer.records.held").counter();
        return new double[] {values.size() / secs, held == null ? 0 : held.count()};
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
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
