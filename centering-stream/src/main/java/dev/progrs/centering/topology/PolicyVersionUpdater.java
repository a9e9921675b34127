package dev.progrs.centering.topology;

import dev.progrs.schemas.Topics;
import dev.progrs.schemas.registry.SchemaRegistryUnavailableException;
import dev.progrs.schemas.serde.WireFormatException;
import dev.progrs.wire.PolicyVersion;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>A schema registry that cannot answer is waited for here, in place: the global thread cannot
 * be replaced (Kafka Streams shuts the whole client down when it fails), and meanwhile the store
 * keeps the previous version, which only delays staleness decisions. After
 * {@value #MAX_REGISTRY_WAIT_SECONDS} s of waiting the record is skipped with a warning and counted
 * as a decode failure (the next announcement sets the version), so a long outage cannot hold the
 * thread, or a shutdown, forever.
 */
final class PolicyVersionUpdater implements Processor<byte[], byte[], Void, Void> {

    /** How long one policy record waits for the registry before it is skipped. */
    static final long MAX_REGISTRY_WAIT_SECONDS = 120;
    private static final long REGISTRY_BACKOFF_MS = 1_000;
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
            version = decodeWaitingForTheRegistry(record);
        } catch (WireFormatException e) {
            metrics.policyDecodeFailed();
            LOG.warn("skipped an undecodable record on {}: {}", config.policyTopic(), e.getMessage());
            return;
        }
        if (version == null) {
            return;
        }
        store.put(Topics.POLICY_KEY, version.getVersion());
        metrics.policyUpdated();
    }

    /** The decoded record, or null when the registry stayed unavailable for the whole wait. */
    private PolicyVersion decodeWaitingForTheRegistry(Record<byte[], byte[]> record) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_REGISTRY_WAIT_SECONDS);
        while (true) {
            try {
                return serdes.policy().deserialize(config.policyTopic(), record.headers(), record.value());
            } catch (SchemaRegistryUnavailableException e) {
                metrics.countRegistryUnavailable();
                if (System.nanoTime() > deadline || Thread.currentThread().isInterrupted()) {
                    metrics.policyDecodeFailed();
                    LOG.warn("skipped a record on {}: the schema registry was unavailable for {} s; the policy version stays"
                            + " at the last one read until the next announcement: {}", config.policyTopic(),
                            MAX_REGISTRY_WAIT_SECONDS, e.getMessage());
                    return null;
                }
                LOG.warn("record on {} not read yet, waiting for the schema registry: {}", config.policyTopic(), e.getMessage());
                try {
                    Thread.sleep(REGISTRY_BACKOFF_MS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
