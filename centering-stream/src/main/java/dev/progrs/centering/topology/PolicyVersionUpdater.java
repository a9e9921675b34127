package dev.progrs.centering.topology;

import dev.progrs.schemas.Topics;
import dev.progrs.wire.PolicyVersion;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current policy version in the global store: the version of the latest
 * {@code PolicyVersion} record on the policy topic (compacted, single key). Runs on restore too,
 * so the store is rebuilt from the topic after a restart. A record that cannot be decoded is
 * counted and skipped; a global store cannot forward to the DLQ.
 */
final class PolicyVersionUpdater implements Processor<byte[], byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyVersionUpdater.class);

    private final CenteringTopologyConfig config;
    private final CenteringSerdes serdes;
    private final CenteringMetrics metrics;
    private KeyValueStore<String, Long> store;

    PolicyVersionUpdater(CenteringTopologyConfig config, CenteringSerdes serdes, CenteringMetrics metrics) {
        this.config = config;
        this.serdes = serdes;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(CenteringTopology.POLICY_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        PolicyVersion version;
        try {
            version = serdes.policy().deserialize(config.policyTopic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            metrics.policyDecodeFailed();
            LOG.warn("skipped an undecodable record on {}: {}", config.policyTopic(), e.getMessage());
            return;
        }
        store.put(Topics.POLICY_KEY, version.getVersion());
        metrics.policyUpdated();
    }
}
