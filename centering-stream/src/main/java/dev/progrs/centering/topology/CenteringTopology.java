package dev.progrs.centering.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The centering topology (Processor API):
 *
 * <pre>
 *   scored (bytes) ─► group-completion ─┬─► advantages sink (GroupAdvantages, key = group id)
 *             [group state]            └─► dlq sink (original bytes + reason headers)
 *   policy (bytes) ─► policy-version ─► [policy-version global store]  (read by group-completion)
 * </pre>
 *
 * <p>The processor's one store ({@link GroupState}: headers, samples, deadlines) is persistent,
 * changelogged and cached: a group that completes within one commit interval has its sample entries
 * written and deleted in the cache, so RocksDB and the changelog see one small tombstone per sample
 * instead of the sample twice. Under exactly-once the
 * cache is flushed before every commit, so a crash loses nothing the transaction did not also lose.
 */
public final class CenteringTopology {

    /** Persistent store of headers, buffered samples and deadlines, see {@link GroupState}. */
    public static final String GROUPS_STORE = "centering-group-state";
    /** Global store: {@code policy} → current policy version. */
    public static final String POLICY_STORE = "centering-policy-version";
    static final String SOURCE = "scored-source";
    static final String PROCESSOR = "group-completion";
    static final String ADVANTAGES_SINK = "advantages-sink";
    static final String DLQ_SINK = "dlq-sink";
    static final String POLICY_SOURCE = "policy-source";
    static final String POLICY_PROCESSOR = "policy-version";

    private CenteringTopology() {
    }

    /**
     * @param config  topics, timeouts and the maths configuration
     * @param serdes  the wire codecs
     * @param metrics where the topology counts what it does (shared by all tasks)
     * @return the topology, ready for {@code KafkaStreams} or {@code TopologyTestDriver}
     */
    public static Topology build(CenteringTopologyConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> groups = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(GROUPS_STORE), Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled();
        StoreBuilder<KeyValueStore<String, Long>> policy = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(POLICY_STORE), Serdes.String(), Serdes.Long()).withLoggingDisabled();

        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
        topology.addProcessor(PROCESSOR, () -> new GroupCompletionProcessor(config, serdes, metrics), SOURCE);
        topology.addStateStore(groups, PROCESSOR);
        topology.addSink(ADVANTAGES_SINK, config.outputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addSink(DLQ_SINK, config.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        topology.addGlobalStore(policy, POLICY_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                config.policyTopic(), POLICY_PROCESSOR, () -> new PolicyVersionUpdater(config, serdes, metrics));
        return topology;
    }
}
