package dev.progrs.centering.topology;

import dev.progrs.stage.settings.InvalidSettingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Validated configuration of a running centering stream ({@code progrs centering}, and replays under
 * their own application id).
 *
 * @param applicationId       {@value #APPLICATION_ID_CONFIG}: Kafka Streams application id; also the consumer
 *                            group and the prefix of the store changelogs (default {@value #DEFAULT_APPLICATION_ID})
 * @param bootstrapServers    {@value #BOOTSTRAP_SERVERS_CONFIG}: the cluster
 * @param topology            topics, timeouts and maths
 * @param stateDir            {@value #STATE_DIR_CONFIG}: where RocksDB keeps the group buffers (default progrs-data/streams)
 * @param threads             {@value #THREADS_CONFIG}: stream threads ≥ 1 (default 1)
 * @param processingGuarantee {@value #PROCESSING_GUARANTEE_CONFIG}: {@code exactly_once_v2} (default) or
 *                            {@code at_least_once} (for benchmarks only)
 * @param commitInterval      {@value #COMMIT_INTERVAL_CONFIG}: how often transactions commit (default 100ms);
 *                            bounds the read_committed latency of the output
 * @param streamsOverrides    settings {@code streams.<kafka streams key>=value}, passed to Kafka Streams after
 *                            everything above (e.g. {@code streams.consumer.session.timeout.ms=6000}); unchecked.
 *                            The cluster's client settings (SASL, TLS) come this way too; the admin client of the
 *                            topic preparation gets the ones an admin client defines ({@link #adminProperties()})
 */
public record CenteringAppConfig(String applicationId, String bootstrapServers, CenteringTopologyConfig topology,
                                 Path stateDir, int threads, String processingGuarantee, Duration commitInterval,
                                 Map<String, String> streamsOverrides) {

    /** Prefix of settings passed through to Kafka Streams unchanged (prefix removed). */
    public static final String STREAMS_PREFIX = "streams.";

    /** Key of the application id. */
    public static final String APPLICATION_ID_CONFIG = "application-id";
    /** Key of the bootstrap servers. */
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap-servers";
    /** Key of the state directory. */
    public static final String STATE_DIR_CONFIG = "state-dir";
    /** Key of the number of stream threads. */
    public static final String THREADS_CONFIG = "threads";
    /** Key of the processing guarantee. */
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing-guarantee";
    /** Key of the commit interval. */
    public static final String COMMIT_INTERVAL_CONFIG = "commit-interval";
    /** Default application id of the live pipeline. */
    public static final String DEFAULT_APPLICATION_ID = "progrs-centering";
    /** Default state directory. */
    public static final Path DEFAULT_STATE_DIR = Path.of("progrs-data", "streams");
    /** Default commit interval. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

    /**
     * Producer requests in flight per connection: Kafka's maximum for an idempotent (and transactional)
     * producer, which still keeps the order of a partition's batches. One request in flight halved the
     * throughput of every topology on one broker, where all partitions share a connection.
     */
    public static final int PRODUCER_MAX_IN_FLIGHT = 5;
    /**
     * Producer {@code linger.ms}: batches of the output, the changelogs and the DLQ fill for up to this
     * long. Under exactly-once a commit flushes whatever is waiting, so it does not add to the
     * read_committed latency; it bounds the append latency under at_least_once.
     */
    public static final int PRODUCER_LINGER_MS = 10;
    /**
     * Producer {@code retry.backoff.ms}. With transactions v2 a broker can refuse a partition's first batch
     * of a transaction (CONCURRENT_TRANSACTIONS) while the previous transaction's marker is pending, seen
     * mostly on partitions a transaction touches for the first time; the batches pipelined behind it get
     * OUT_OF_ORDER_SEQUENCE and are resent after it, in order. The broker already waits up to its
     * {@code add.partitions.to.txn.retry.backoff.max.ms} (100 ms) before it answers; the client's default
     * 100 ms on top of that doubled each such stall.
     */
    public static final int PRODUCER_RETRY_BACKOFF_MS = 5;
    /** Producer {@code retry.backoff.max.ms}: the exponential back-off stops here (real outages still back off). */
    public static final int PRODUCER_RETRY_BACKOFF_MAX_MS = 500;
    /** Producer {@code batch.size}: 128 KiB, eight 16 KiB group records or ~60 buffered samples per batch. */
    public static final int PRODUCER_BATCH_BYTES = 128 * 1024;
    /** Consumer {@code max.partition.fetch.bytes}: 4 MiB, ~2,000 scored records of 2 KB per partition and fetch. */
    public static final int CONSUMER_PARTITION_FETCH_BYTES = 4 * 1024 * 1024;
    /**
     * {@code statestore.cache.max.bytes}: large enough to hold the samples of every group that opens and
     * completes within one commit interval at the sustained rate (50k records/s × 100 ms × ~1.3 KB ≈ 6.5 MB),
     * so that they never reach RocksDB or the changelog except as tombstones.
     */
    public static final long STORE_CACHE_BYTES = 32L * 1024 * 1024;
    // RocksDB keeps Kafka Streams' defaults: behind the cache the stores hold only the open groups and the
    // closed markers, and a setter with 32 MiB memtables and early tombstone compaction measured the same
    // (bench/RESULTS.md)

    /** Validates every field. */
    public CenteringAppConfig {
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidSettingException(APPLICATION_ID_CONFIG, applicationId, "letters, digits, '.', '_' and '-' only");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new InvalidSettingException(BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, "host:port[,host:port...]");
        }
        if (topology == null) {
            throw new IllegalArgumentException("topology configuration is missing");
        }
        if (stateDir == null) {
            throw new InvalidSettingException(STATE_DIR_CONFIG, null, "a directory path");
        }
        if (threads < 1) {
            throw new InvalidSettingException(THREADS_CONFIG, threads, "an integer >= 1");
        }
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee) && !StreamsConfig.AT_LEAST_ONCE.equals(processingGuarantee)) {
            throw new InvalidSettingException(PROCESSING_GUARANTEE_CONFIG, processingGuarantee,
                    "values are " + StreamsConfig.EXACTLY_ONCE_V2 + ", " + StreamsConfig.AT_LEAST_ONCE);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            throw new InvalidSettingException(COMMIT_INTERVAL_CONFIG, commitInterval, "a positive duration, e.g. 100ms");
        }
        streamsOverrides = streamsOverrides == null ? Map.of() : Map.copyOf(streamsOverrides);
    }

    /** @return the defaults for the live pipeline on {@code bootstrapServers} */
    public static CenteringAppConfig defaults(String bootstrapServers, CenteringTopologyConfig topology) {
        return new CenteringAppConfig(DEFAULT_APPLICATION_ID, bootstrapServers, topology, DEFAULT_STATE_DIR, 1,
                StreamsConfig.EXACTLY_ONCE_V2, DEFAULT_COMMIT_INTERVAL, Map.of());
    }

    /**
     * Reads the application keys, the topology keys and the centering keys from one settings map.
     *
     * @throws InvalidSettingException naming the key, the value and what is accepted
     */
    public static CenteringAppConfig fromSettings(Map<String, String> s) {
        CenteringAppConfig d = defaults(s.getOrDefault(BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092"),
                CenteringTopologyConfig.fromSettings(s));
        int threads = d.threads;
        if (s.containsKey(THREADS_CONFIG)) {
            try {
                threads = Integer.parseInt(s.get(THREADS_CONFIG).trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(THREADS_CONFIG, s.get(THREADS_CONFIG), "an integer >= 1");
            }
        }
        return new CenteringAppConfig(s.getOrDefault(APPLICATION_ID_CONFIG, d.applicationId), d.bootstrapServers,
                d.topology, s.containsKey(STATE_DIR_CONFIG) ? Path.of(s.get(STATE_DIR_CONFIG)) : d.stateDir, threads,
                s.getOrDefault(PROCESSING_GUARANTEE_CONFIG, d.processingGuarantee),
                s.containsKey(COMMIT_INTERVAL_CONFIG)
                        ? SettingDurations.parse(COMMIT_INTERVAL_CONFIG, s.get(COMMIT_INTERVAL_CONFIG)) : d.commitInterval,
                overrides(s));
    }

    private static Map<String, String> overrides(Map<String, String> s) {
        Map<String, String> o = new java.util.TreeMap<>();
        s.forEach((k, v) -> {
            if (k.startsWith(STREAMS_PREFIX) && k.length() > STREAMS_PREFIX.length()) {
                o.put(k.substring(STREAMS_PREFIX.length()), v);
            }
        });
        return o;
    }

    /** @return a copy whose topology applies other centering maths */
    public CenteringAppConfig withCentering(dev.progrs.centering.maths.CenteringConfig maths) {
        return new CenteringAppConfig(applicationId, bootstrapServers, topology.withCentering(maths), stateDir, threads,
                processingGuarantee, commitInterval, streamsOverrides);
    }

    /** @return a copy keeping its RocksDB state in {@code dir} */
    public CenteringAppConfig withStateDir(Path dir) {
        return new CenteringAppConfig(applicationId, bootstrapServers, topology, dir, threads, processingGuarantee, commitInterval,
                streamsOverrides);
    }

    /** @return a copy under another application id, reading {@code input} and writing {@code output} (replay) */
    public CenteringAppConfig forReplay(String replayApplicationId, String input, String output, CenteringTopologyConfig base) {
        return new CenteringAppConfig(replayApplicationId, bootstrapServers, base.withTopics(input, output), stateDir,
                threads, processingGuarantee, commitInterval, streamsOverrides);
    }

    /**
     * @return a copy with {@code clientSettings} (e.g. the cluster's {@code security.protocol}, {@code sasl.jaas.config})
     *         added to the Streams settings, under the ones already there
     */
    public CenteringAppConfig withClientSettings(Map<String, String> clientSettings) {
        Map<String, String> merged = new java.util.TreeMap<>(clientSettings);
        merged.putAll(streamsOverrides);
        return new CenteringAppConfig(applicationId, bootstrapServers, topology, stateDir, threads, processingGuarantee,
                commitInterval, merged);
    }

    /**
     * @return the properties of an admin client on the same cluster as the stream: the bootstrap servers and the
     *         Streams settings an admin client defines (unprefixed, or with Kafka Streams' {@code admin.} prefix)
     */
    public Map<String, Object> adminProperties() {
        return clientProperties(org.apache.kafka.clients.admin.AdminClientConfig.configNames(), StreamsConfig.ADMIN_CLIENT_PREFIX);
    }

    /**
     * @return the properties of a plain consumer on the same cluster as the stream (replay's report reads the
     *         topics with one): the bootstrap servers and the Streams settings a consumer defines (unprefixed, or
     *         with Kafka Streams' {@code consumer.} prefix), so SASL and TLS settings reach it too
     */
    public Map<String, Object> consumerProperties() {
        return clientProperties(org.apache.kafka.clients.consumer.ConsumerConfig.configNames(), StreamsConfig.CONSUMER_PREFIX);
    }

    /**
     * @param keys   the settings the client defines
     * @param prefix Kafka Streams' prefix for that client ({@code admin.}, {@code consumer.}); a prefixed setting wins
     * @return the bootstrap servers and the Streams settings among {@code keys}, unprefixed or with {@code prefix}
     */
    private Map<String, Object> clientProperties(java.util.Set<String> keys, String prefix) {
        Map<String, Object> p = new java.util.HashMap<>();
        streamsOverrides.forEach((k, v) -> {
            if (keys.contains(k)) {
                p.put(k, v);
            }
        });
        streamsOverrides.forEach((k, v) -> {
            if (k.startsWith(prefix) && keys.contains(k.substring(prefix.length()))) {
                p.put(k.substring(prefix.length()), v);
            }
        });
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** @return the Kafka Streams properties: {@code processing.guarantee} as configured (exactly_once_v2 by default) */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // client settings measured on the 2-core machine (bench/RESULTS.md, centering at the engine's speed)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), PRODUCER_MAX_IN_FLIGHT);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MAX_MS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), CONSUMER_PARTITION_FETCH_BYTES);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
        p.putAll(streamsOverrides);
        return p;
    }

    /** The overrides with secrets (passwords, JAAS configurations, keys) hidden. */
    private Map<String, String> shownOverrides() {
        Map<String, String> shown = new java.util.TreeMap<>();
        streamsOverrides.forEach((k, v) -> shown.put(k, dev.progrs.stage.cluster.KafkaClientSettings.isSecret(k) ? "[hidden]" : v));
        return shown;
    }

    /** @return one line for start-up logs */
    public String describe() {
        return APPLICATION_ID_CONFIG + "=" + applicationId + " " + BOOTSTRAP_SERVERS_CONFIG + "=" + bootstrapServers + " "
                + STATE_DIR_CONFIG + "=" + stateDir + " " + THREADS_CONFIG + "=" + threads + " "
                + PROCESSING_GUARANTEE_CONFIG + "=" + processingGuarantee + " " + COMMIT_INTERVAL_CONFIG + "="
                + SettingDurations.format(commitInterval) + (streamsOverrides.isEmpty() ? "" : " " + shownOverrides())
                + " " + topology.describe();
    }
}
