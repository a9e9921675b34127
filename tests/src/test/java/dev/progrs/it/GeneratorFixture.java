package dev.progrs.it;

import ai.djl.Device;
import dev.progrs.cli.embedded.LocalStack;
import dev.progrs.generator.policy.PolicyPublisher;
import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.generator.worker.GeneratorWorker;
import dev.progrs.models.checkpoint.SharedDirectoryCheckpointStore;
import dev.progrs.models.policy.PolicyModel;
import dev.progrs.models.policy.SamplingConfig;
import dev.progrs.models.tokenizer.CharTokenizer;
import dev.progrs.models.transformer.TransformerConfig;
import dev.progrs.schemas.Topics;
import dev.progrs.schemas.serde.AvroSerde;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.wire.PolicyVersion;
import dev.progrs.wire.Prompt;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A local stack with a checkpoint store and tiny random policies, for the generator's integration tests. */
final class GeneratorFixture implements AutoCloseable {

    static final CharTokenizer TOKENIZER = new CharTokenizer(ArithmeticSuite.ALPHABET);
    static final ArithmeticSuite SUITE = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withTestSetSize(20));

    final LocalStack stack;
    final SharedDirectoryCheckpointStore store;
    private final PolicyPublisher publisher;
    private final List<Thread> threads = new ArrayList<>();

    GeneratorFixture(LocalStack stack, Path checkpoints) throws Exception {
        this.stack = stack;
        this.store = new SharedDirectoryCheckpointStore(checkpoints);
        this.publisher = new PolicyPublisher(client(), stack.registry(), store);
    }

    /** d 32, 2 layers, context 96: samples a group in tens of milliseconds. */
    static TransformerConfig tinyArchitecture() {
        return new TransformerConfig(TOKENIZER.vocabSize(), 32, 2, 4, 96, 64, true, 1e-5f);
    }

    Properties client() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return p;
    }

    /** Stores a random tiny policy (weights from {@code seed}) as {@code version} and announces it. */
    PolicyVersion publishPolicy(long version, long seed) throws Exception {
        return publishPolicy(version, seed, tinyArchitecture());
    }

    /** Stores a random policy of {@code architecture} (weights from {@code seed}) as {@code version} and announces it. */
    PolicyVersion publishPolicy(long version, long seed, TransformerConfig architecture) throws Exception {
        try (PolicyModel m = PolicyModel.create(architecture, TOKENIZER, Device.cpu(), seed)) {
            m.setVersion(version);
            return publisher.publish(m, version == 0 ? null : version - 1, Map.of("test", "random tiny policy seed " + seed));
        }
    }

    /** Announces a record as given (e.g. with a wrong sha256). */
    void announce(PolicyVersion v) {
        publisher.announce(v);
    }

    /** Small groups, short answers: fast tests. */
    static GeneratorConfig config(String generatorId, int k, int promptsPerBatch) {
        return GeneratorConfig.defaults(generatorId).withGroupSize(k).withPromptsPerBatch(promptsPerBatch)
                .withSampling(SamplingConfig.sample(1f, 1.0, 24, 0L)).withSeed(7);
    }

    GeneratorWorker worker(GeneratorConfig config) {
        return new GeneratorWorker(config, client(), stack.registry(), store, Device.cpu());
    }

    /** Runs {@code worker} on its own thread. */
    Thread start(GeneratorWorker worker) {
        Thread t = new Thread(worker, "test-" + worker.config().generatorId());
        t.start();
        threads.add(t);
        return t;
    }

    static Prompt prompt(String id, Problem p) {
        return Prompt.newBuilder().setPromptId(id).setProblem(p.text()).setGoldAnswer(p.goldAnswer()).setSuite(p.suite())
                .setSplit(p.split()).setDifficulty(p.difficulty()).setCreatedAtMs(System.currentTimeMillis()).build();
    }

    /** Prompts {@code prefix-0..n-1} from short (2-3 step) train problems, so they fit the tiny context. */
    static List<Prompt> prompts(String prefix, int n) {
        List<Prompt> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prompt(prefix + "-" + i, SUITE.trainProblem(Math.floorMod(prefix.hashCode(), 10_000) * 100L + i, 2 + i % 2)));
        }
        return out;
    }

    void sendPrompts(List<Prompt> prompts) throws Exception {
        Properties p = client();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), AvroSerde.of(Prompt.class, stack.registry()).serializer())) {
            for (Prompt prompt : prompts) {
                producer.send(new ProducerRecord<>(Topics.PROMPTS, prompt.getPromptId(), prompt)).get();
            }
        }
    }

    void sendRaw(String topic, byte[] key, byte[] value) throws Exception {
        Properties p = client();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Every trajectory in the topic, as a read_committed (or read_uncommitted) consumer sees it now. */
    List<ConsumerRecord<String, Trajectory>> trajectories(boolean committedOnly) {
        return readAll(Topics.TRAJECTORIES, new StringDeserializer(), AvroSerde.of(Trajectory.class, stack.registry()).deserializer(),
                committedOnly);
    }

    List<ConsumerRecord<byte[], byte[]>> raw(String topic) {
        return readAll(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), true);
    }

    List<ConsumerRecord<String, Prompt>> promptsInTopic() {
        return readAll(Topics.PROMPTS, new StringDeserializer(), AvroSerde.of(Prompt.class, stack.registry()).deserializer(), true);
    }

    private <K, V> List<ConsumerRecord<K, V>> readAll(String topic, org.apache.kafka.common.serialization.Deserializer<K> kd,
                                                      org.apache.kafka.common.serialization.Deserializer<V> vd, boolean committedOnly) {
        Properties p = client();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, kd, vd)) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                boolean done = true;
                for (TopicPartition tp : parts) {
                    // read_committed positions stop at the last stable offset; an aborted tail is skipped over by markers
                    if (consumer.position(tp) < end.get(tp)) {
                        done = false;
                    }
                }
                if (done) {
                    break;
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        publisher.close();
        for (Thread t : threads) {
            t.join(30_000);
            if (t.isAlive()) {
                throw new AssertionError("thread " + t.getName() + " is still running");
            }
        }
    }
}
