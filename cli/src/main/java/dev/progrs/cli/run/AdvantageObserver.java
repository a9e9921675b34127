package dev.progrs.cli.run;

import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistry;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.RecordDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.GroupAdvantages;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code progrs.advantages} (read_committed, its own throw-away consumer group, from the
 * beginning) into a {@link TrainingSeries}, for the live status line and the run report. It never
 * commits offsets, so it does not disturb the pipeline.
 */
final class AdvantageObserver implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdvantageObserver.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder<GroupAdvantages> decoder;
    private final TrainingSeries series;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    AdvantageObserver(Properties client, SchemaRegistry registry, TrainingSeries series) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "progrs-run-observer-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.decoder = RecordDecoder.of(GroupAdvantages.class, registry);
        this.series = series;
        this.thread = new Thread(this, "progrs-run-observer");
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.ADVANTAGES));
            while (running.get()) {
                Map<TopicPartition, Long> rewind = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (!rewind.isEmpty()) {
                        rewind.putIfAbsent(tp, r.offset());
                        continue;
                    }
                    try {
                        series.add(decoder.decode(r));
                    } catch (WireFormatException e) {
                        LOG.warn("run observer skips an undecodable record: {}", e.getMessage());
                    } catch (SchemaRegistryUnavailableException e) {
                        LOG.warn("run observer waits for the schema registry: {}", e.getMessage());
                        rewind.put(tp, r.offset());
                    }
                }
                if (!rewind.isEmpty()) {
                    rewind.forEach(consumer::seek);
                    Thread.sleep(1_000);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        thread.join(10_000);
    }
}
