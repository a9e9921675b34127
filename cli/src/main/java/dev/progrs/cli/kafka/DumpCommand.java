package dev.progrs.cli.kafka;

import dev.progrs.schemas.serde.GenericAvroDecoder;
import dev.progrs.schemas.serde.WireFormatException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code progrs dump}: decodes a topic's records to JSON lines on stdout, one object per record
 * with its coordinates. Reads without joining a consumer group, so it never disturbs the pipeline.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Decode a topic's Avro records to JSON lines on stdout: {\"topic\",\"partition\",\"offset\",\"timestamp\",\"key\",\"value\"}.")
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, description = "Topic to read, e.g. progrs.scored.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the earliest offset (default: only records that arrive from now on).")
    boolean fromBeginning;

    @Option(names = "--max", defaultValue = "-1", description = "Stop after N records (default: no limit).")
    long max;

    @Option(names = "--idle-timeout", defaultValue = "PT5S",
            description = "Exit after this long without new records (ISO-8601, default: ${DEFAULT-VALUE}); PT0S waits forever.")
    Duration idleTimeout;

    @Override
    public Integer call() throws Exception {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "progrs-dump-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        long printed = 0;
        try (RegistryConnection registry = RegistryConnection.open(kafka);
             var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                Set<String> known = consumer.listTopics(Duration.ofSeconds(30)).keySet().stream()
                        .filter(t -> !t.startsWith("__")).collect(Collectors.toSet());
                throw new IllegalArgumentException("--topic " + topic + " does not exist on " + kafka.settings().bootstrapServers()
                        + "; topics there: " + known);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            GenericAvroDecoder decoder = new GenericAvroDecoder(registry.registry());
            long lastRecordAt = System.currentTimeMillis();
            while (max < 0 || printed < max) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    if (!idleTimeout.isZero() && System.currentTimeMillis() - lastRecordAt > idleTimeout.toMillis()) {
                        break;
                    }
                    continue;
                }
                lastRecordAt = System.currentTimeMillis();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    out.println(line(r, decoder));
                    if (max >= 0 && ++printed >= max) {
                        break;
                    }
                }
                out.flush();
            }
        }
        out.flush();
        return 0;
    }

    private static String line(ConsumerRecord<byte[], byte[]> r, GenericAvroDecoder decoder) {
        String key = r.key() == null ? "null" : JsonText.quote(new String(r.key(), StandardCharsets.UTF_8));
        String value;
        try {
            value = r.value() == null ? "null" : decoder.toJson(r);
        } catch (WireFormatException e) {
            value = "{\"undecodable\": " + JsonText.quote(e.getMessage()) + "}";
        }
        return "{\"topic\": " + JsonText.quote(r.topic()) + ", \"partition\": " + r.partition() + ", \"offset\": " + r.offset()
                + ", \"timestamp\": " + r.timestamp() + ", \"key\": " + key + ", \"value\": " + value + "}";
    }
}
