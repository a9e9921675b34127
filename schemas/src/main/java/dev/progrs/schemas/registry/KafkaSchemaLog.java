package dev.progrs.schemas.registry;

import dev.progrs.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaLog} on a single-partition compacted Kafka topic ({@link Topics#SCHEMAS} by default).
 * Appends are synchronous with {@code acks=all} and an idempotent producer; reads use a group-less
 * consumer assigned to partition 0 that remembers its position, so each {@link #readToEnd} only
 * fetches what is new. The topic is created when missing (1 partition, {@code cleanup.policy=compact},
 * no retention limit) and the log waits until its partition has a leader. Entries that do not parse
 * are skipped with a warning. Not thread-safe ({@link EmbeddedSchemaRegistry} serialises calls).
 */
public final class KafkaSchemaLog implements SchemaLog {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String topic;
    private final String bootstrapServers;
    private final TopicPartition partition;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    private KafkaSchemaLog(String topic, String bootstrapServers, KafkaProducer<String, String> producer,
                           KafkaConsumer<String, String> consumer) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.partition = new TopicPartition(topic, 0);
        this.producer = producer;
        this.consumer = consumer;
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** The log on {@link Topics#SCHEMAS} of the cluster at {@code bootstrapServers}. */
    public static KafkaSchemaLog open(String bootstrapServers) {
        return open(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), Topics.SCHEMAS);
    }

    /**
     * The log on {@code topic}; {@code clientConfig} holds {@code bootstrap.servers} and any
     * security settings, shared by the admin client, the producer and the consumer.
     */
    public static KafkaSchemaLog open(Map<String, Object> clientConfig, String topic) {
        Object bootstrap = clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw new IllegalArgumentException("schema log: " + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG
                    + " is missing; expected host:port[,host:port...]");
        }
        try (Admin admin = Admin.create(clientConfig)) {
            ensureTopic(admin, topic);
        }
        Map<String, Object> producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "progrs-schema-registry-producer");
        Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "progrs-schema-registry-reader");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        try {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
            return new KafkaSchemaLog(topic, bootstrap.toString(), producer, consumer);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    @Override
    public long append(SubjectVersion entry) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, SchemaLogRecord.key(entry), SchemaLogRecord.value(entry));
        try {
            RecordMetadata metadata = producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return metadata.offset();
        } catch (ExecutionException e) {
            String message = "cannot append schema " + entry.schema().getFullName() + " (subject '" + entry.subject() + "', id "
                    + entry.id() + ") to " + describe() + ": " + e.getCause();
            if (e.getCause() instanceof RetriableException) {
                throw new SchemaRegistryUnavailableException(message, e.getCause());
            }
            throw new SchemaRegistryException(message, e.getCause());
        } catch (TimeoutException e) {
            throw new SchemaRegistryUnavailableException("appending schema " + entry.schema().getFullName() + " (subject '"
                    + entry.subject() + "') to " + describe() + " did not complete within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted while appending a schema to " + describe(), e);
        }
    }

    @Override
    public void readToEnd(Consumer<SubjectVersion> sink) {
        try {
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new SchemaRegistryUnavailableException("reading " + describe() + " up to offset " + end
                            + " took more than " + TIMEOUT.toSeconds() + " s (at offset " + consumer.position(partition) + ")", null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    SubjectVersion entry;
                    try {
                        entry = SchemaLogRecord.parse(record.value());
                    } catch (IllegalArgumentException e) {
                        LOG.warn("skipping {} offset {}: not a schema entry: {}", describe(), record.offset(), e.getMessage());
                        continue;
                    }
                    sink.accept(entry);
                }
            }
        } catch (RetriableException | InterruptException e) {
            // a timeout or a broker out of reach: the registry is unavailable, not wrong
            throw new SchemaRegistryUnavailableException("cannot read " + describe() + ": " + e, e);
        } catch (KafkaException e) {
            throw new SchemaRegistryException("cannot read " + describe() + ": " + e, e);
        }
    }

    @Override
    public String describe() {
        return "topic " + topic + " on " + bootstrapServers;
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void ensureTopic(Admin admin, String topic) {
        try {
            TopicDescription description = describe(admin, topic);
            if (description == null) {
                NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact", "retention.ms", "-1"));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("created schema topic {}", topic);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                description = describe(admin, topic);
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (description == null || description.partitions().get(0).leader() == null) {
                if (System.nanoTime() > deadline) {
                    throw new SchemaRegistryException("schema topic " + topic + " has no leader after " + TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
                description = describe(admin, topic);
            }
            if (description.partitions().size() != 1) {
                throw new SchemaRegistryException("schema topic " + topic + " has " + description.partitions().size()
                        + " partitions; it must have exactly 1 so every registry reads the registrations in one order");
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new SchemaRegistryException("cannot set up schema topic " + topic + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while setting up schema topic " + topic, e);
        }
    }

    private static TopicDescription describe(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
