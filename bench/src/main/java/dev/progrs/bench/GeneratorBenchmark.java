package dev.progrs.bench;

import ai.djl.Device;
import dev.progrs.cli.embedded.EmbeddedKafkaConfig;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.feeder.ArithmeticPromptSource;
import dev.progrs.generator.policy.PolicyPublisher;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.models.checkpoint.PolicyCheckpoint;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.PolicySampler;
import dev.progrs.models.policy.PromptFormat;
import dev.progrs.models.policy.Sample;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.EmbeddedSchemaRegistry;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.verify.Verifier;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Generator groups/s end to end into Kafka, against sampling alone in the same run.
 *
 * <p>Per run and per prompts-per-batch setting P, on N fresh arithmetic train prompts, alternating
 * chunks of {@code --chunk} groups between the two so both see the same background load: (1) <b>baseline</b>: the policy samples K solutions per prompt (P prompts per batched,
 * KV-cached decode, like the worker) and the verifier checks every sample; no Kafka. (2)
 * <b>pipeline</b>: the N prompts are published to {@code progrs.prompts}, a running
 * {@link GeneratorWorker} (already warmed up, policy loaded) consumes them, samples, verifies,
 * splits steps, encodes Avro and commits K trajectories per prompt in one transaction per batch;
 * each chunk timed from the first prompt send until a read_committed consumer has read all its
 * trajectories (so each chunk also pays the pipeline's fill and drain latency once).
 * The ratio pipeline/baseline is what the Kafka side costs.
 *
 * <p>Usage: {@code bench/run GeneratorBenchmark [--groups 32] [--chunk 8] [--k 8] [--prompts-per-batch 1,4]
 * [--max-new-tokens 64] [--runs 5] [--checkpoint models/warm/policy-v0]} (without a checkpoint
 * directory: a random policy of the default size, whose answers run to the token limit).
 */
public final class GeneratorBenchmark {

    public static void main(String[] args) throws Exception {
        int groups = BrokerThroughputBenchmark.intArg(args, "--groups", 32);
        int k = BrokerThroughputBenchmark.intArg(args, "--k", 8);
        int maxNewTokens = BrokerThroughputBenchmark.intArg(args, "--max-new-tokens", 64);
        int runs = BrokerThroughputBenchmark.intArg(args, "--runs", 5);
        int chunk = BrokerThroughputBenchmark.intArg(args, "--chunk", 8);
        List<Integer> batches = new ArrayList<>();
        for (String s : stringArg(args, "--prompts-per-batch", "1,4").split(",")) {
            batches.add(Integer.parseInt(s.trim()));
        }
        Path checkpoint = Path.of(stringArg(args, "--checkpoint", "models/warm/policy-v0"));
        Path dir = Files.createTempDirectory("progrs-bench-generator");
        CharTokenizer tok = new CharTokenizer(ArithmeticSuite.ALPHABET);
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.defaults());
        ArithmeticPromptSource source = new ArithmeticPromptSource(suite, 2, 8, 1_000_000, 1);
        SamplingConfig sampling = SamplingConfig.sample(1f, 1.0, maxNewTokens, 0L);

        try (LocalStack stack = LocalStack.start(EmbeddedKafkaConfig.onFreePorts(dir.resolve("kafka")), EmbeddedSchemaRegistry.NO_HTTP, 6);
             PolicyModel model = Files.isDirectory(checkpoint)
                     ? PolicyCheckpoint.load(checkpoint, Device.cpu())
                     : PolicyModel.create(TransformerConfig.policyDefault(tok.vocabSize()), tok, Device.cpu(), 1);
             Verifier verifier = new Verifier()) {
            Properties client = new Properties();
            client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            SharedDirectoryCheckpointStore store = new SharedDirectoryCheckpointStore(dir.resolve("checkpoints"));
            model.setVersion(0);
            try (PolicyPublisher publisher = new PolicyPublisher(client, stack.registry(), store)) {
                publisher.publish(model, null, Map.of("bench", "GeneratorBenchmark"));
            }
            PolicySampler sampler = new PolicySampler(model);
            String weights = Files.isDirectory(checkpoint) ? checkpoint.toString() : "random init (seed 1)";

            List<String> rows = new ArrayList<>();
            List<String> cpuRows = new ArrayList<>();
            for (int p : batches) {
                double[] alone = new double[runs];
                double[] pipeline = new double[runs];
                double[] aloneTokens = new double[runs];
                double[] pipelineTokens = new double[runs];
                double[] workerSampling = new double[runs];
                double[] aloneCpu = new double[runs];
                double[] pipelineCpu = new double[runs];
                GeneratorConfig config = GeneratorConfig.defaults("bench-p" + p).withGroupSize(k).withPromptsPerBatch(p)
                        .withSampling(sampling).withSeed(p);
                try (GeneratorWorker worker = new GeneratorWorker(config, client, stack.registry(), store, Device.cpu());
                     Pipe pipe = new Pipe(stack, client)) {
                    Thread t = new Thread(worker, "bench-generator-p" + p);
                    t.start();
                    pipe.run(next(source, 2 * p), k); // warm-up: join, policy load, JIT
                    for (int r = 0; r < runs; r++) {
                        // Alternate chunks of baseline and pipeline so both see the same background load.
                        double aloneSeconds = 0;
                        double pipelineSeconds = 0;
                        long aloneTokenCount = 0;
                        double pipelineTokenSum = 0;
                        double workerSamplingSeconds = 0;
                        double aloneCpuSeconds = 0;
                        double pipelineCpuSeconds = 0;
                        for (int done = 0; done < groups; done += chunk) {
                            int n = Math.min(chunk, groups - done);
                            List<Problem> problems = next(source, n);
                            long t0 = System.nanoTime();
                            long c0 = processCpuNanos();
                            for (int from = 0; from < problems.size(); from += p) {
                                List<int[]> ids = new ArrayList<>();
                                List<String> gold = new ArrayList<>();
                                for (Problem q : problems.subList(from, Math.min(problems.size(), from + p))) {
                                    for (int j = 0; j < k; j++) {
                                        ids.add(PromptFormat.promptIds(tok, q.text()));
                                        gold.add(q.goldAnswer());
                                    }
                                }
                                List<Sample> samples = sampler.generate(ids, sampling.withSeed(r * 100_000L + done * 100L + from));
                                for (int i = 0; i < samples.size(); i++) {
                                    verifier.verify(samples.get(i).text(), gold.get(i));
                                    aloneTokenCount += samples.get(i).tokenIds().length;
                                }
                            }
                            aloneSeconds += (System.nanoTime() - t0) / 1e9;
                            aloneCpuSeconds += (processCpuNanos() - c0) / 1e9;
                            double before = worker.stats().samplingSeconds();
                            long c1 = processCpuNanos();
                            Pipe.Result res = pipe.run(next(source, n), k);
                            pipelineCpuSeconds += (processCpuNanos() - c1) / 1e9;
                            pipelineSeconds += res.seconds();
                            workerSamplingSeconds += worker.stats().samplingSeconds() - before;
                            pipelineTokenSum += res.meanResponseTokens() * n;
                        }
                        alone[r] = groups / aloneSeconds;
                        aloneTokens[r] = aloneTokenCount / (double) (groups * k);
                        pipeline[r] = groups / pipelineSeconds;
                        pipelineTokens[r] = pipelineTokenSum / groups;
                        workerSampling[r] = workerSamplingSeconds / pipelineSeconds;
                        aloneCpu[r] = groups / aloneCpuSeconds;
                        pipelineCpu[r] = groups / pipelineCpuSeconds;
                        System.out.printf("P=%d run %d: sampling alone %.2f groups/s (%.1f tokens/answer), end to end %.2f groups/s "
                                + "(%.1f tokens/answer, worker sampling %.0f%% of the time); per process CPU-second: alone %.2f, "
                                + "end to end %.2f groups%n", p, r + 1, alone[r], aloneTokens[r],
                                pipeline[r], pipelineTokens[r], 100 * workerSampling[r], aloneCpu[r], pipelineCpu[r]);
                    }
                    worker.shutdown();
                    t.join(60_000);
                }
                double[] ratio = new double[runs];
                double[] cpuRatio = new double[runs];
                for (int r = 0; r < runs; r++) {
                    ratio[r] = pipeline[r] / alone[r];
                    cpuRatio[r] = pipelineCpu[r] / aloneCpu[r];
                }
                cpuRows.add(String.format("| %d | %s | %s | %s |", p, Measurements.describe(aloneCpu, "%.2f"),
                        Measurements.describe(pipelineCpu, "%.2f"), Measurements.describe(cpuRatio, "%.2f")));
                rows.add(String.format("| %d | %s | %s | %s | %.0f%% | %.1f / %.1f |", p, Measurements.describe(alone, "%.2f"),
                        Measurements.describe(pipeline, "%.2f"), Measurements.describe(ratio, "%.2f"),
                        100 * Measurements.median(workerSampling), Measurements.median(aloneTokens), Measurements.median(pipelineTokens)));
            }
            System.out.println();
            System.out.println("## Generator groups/s end to end into Kafka (" + Measurements.machine() + ")");
            System.out.printf("policy %,d parameters, weights %s; K=%d, T=1, top-p 1, up to %d new tokens; %d groups per run "
                            + "(arithmetic train prompts, 2–8 steps) in alternating chunks of %d; one embedded broker, 6 partitions, transactions; %d runs, "
                            + "median (min–max)%n", model.parameterCount(), weights, k, maxNewTokens, groups, chunk, runs);
            System.out.println("| prompts per batch | sampling + verify alone, groups/s (baseline) | end to end into Kafka, groups/s "
                    + "| ratio per run | worker's sampling + verify share of the end-to-end time | mean answer tokens (alone / pipeline) |");
            System.out.println("|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("Per CPU-second of the whole process (sampling, verifier, and for the pipeline also the in-process "
                    + "broker, clients and Avro), the measure that contention on shared cores distorts least:");
            System.out.println("| prompts per batch | sampling + verify alone, groups per CPU-s | end to end, groups per CPU-s | ratio per run |");
            System.out.println("|---|---|---|---|");
            cpuRows.forEach(System.out::println);
        }
    }

    /** CPU time of this JVM so far (all threads). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<Problem> next(ArithmeticPromptSource source, int n) {
        List<Problem> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(source.next().orElseThrow());
        }
        return out;
    }

    private static String stringArg(String[] args, String name, String dflt) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return dflt;
    }

    /** Publishes prompts and waits until a read_committed consumer has all their trajectories. */
    private static final class Pipe implements AutoCloseable {
        record Result(double seconds, double meanResponseTokens) {
        }

        private final KafkaProducer<String, Prompt> producer;
        private final KafkaConsumer<String, Trajectory> consumer;

        Pipe(LocalStack stack, Properties client) {
            Properties pp = new Properties();
            pp.putAll(client);
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            producer = new KafkaProducer<>(pp, new StringSerializer(), AvroSerde.of(Prompt.class, stack.registry()).serializer());
            Properties cp = new Properties();
            cp.putAll(client);
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
            cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(cp, new StringDeserializer(), AvroSerde.of(Trajectory.class, stack.registry()).deserializer());
            List<TopicPartition> parts = consumer.partitionsFor(Topics.TRAJECTORIES).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
        }

        Result run(List<Problem> problems, int k) {
            Set<String> ids = new HashSet<>();
            long t0 = System.nanoTime();
            for (Problem q : problems) {
                ids.add(q.id());
                Prompt prompt = Prompt.newBuilder().setPromptId(q.id()).setProblem(q.text()).setGoldAnswer(q.goldAnswer())
                        .setSuite(q.suite()).setSplit(q.split()).setDifficulty(q.difficulty())
                        .setCreatedAtMs(System.currentTimeMillis()).build();
                producer.send(new ProducerRecord<>(Topics.PROMPTS, q.id(), prompt));
            }
            producer.flush();
            long expected = (long) problems.size() * k;
            long seen = 0;
            long tokens = 0;
            long deadline = System.currentTimeMillis() + 600_000;
            while (seen < expected) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + seen + " of " + expected + " trajectories after 10 min");
                }
                for (ConsumerRecord<String, Trajectory> r : consumer.poll(Duration.ofMillis(20))) {
                    if (ids.contains(r.value().getPromptId())) {
                        seen++;
                        tokens += r.value().getResponseTokenIds().size();
                    }
                }
            }
            return new Result((System.nanoTime() - t0) / 1e9, tokens / (double) expected);
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }
}
