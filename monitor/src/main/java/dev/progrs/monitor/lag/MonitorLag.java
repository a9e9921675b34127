package dev.progrs.monitor.lag;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the live monitor is behind the stream it watches, two ways:
 * <ul>
 *   <li><b>time lag</b> per topic: for every record, the wall-clock when the monitor processes it minus
 *       the record's broker timestamp, {@code lag = now − timestamp} (ms). On {@code progrs.scored} the
 *       timestamp is the scorer's send time, so the lag includes the wait for the scorer's transaction
 *       to commit (the monitor reads read_committed); on {@code progrs.advantages} the centering stream
 *       stamps a group with its last sample's timestamp, so the lag also includes the stream's own
 *       group-completion latency.</li>
 *   <li><b>offset lag</b>: records in the monitor's assigned partitions it has not consumed yet
 *       (Σ over partitions of log end − position, as the consumer last saw it), sampled after every poll.</li>
 * </ul>
 * Thread-safe: the monitor loop records, anyone reads.
 */
public final class MonitorLag {
    private final Map<String, LagDistribution> byTopic = new ConcurrentHashMap<>();
    private final LagDistribution offsets = new LagDistribution();

    /**
     * Both lags so far.
     *
     * @param timeLagMsByTopic per topic, milliseconds between a record's timestamp and its processing
     * @param offsetLag        sampled records not yet consumed, over all assigned partitions
     */
    public record Snapshot(Map<String, LagDistribution.Summary> timeLagMsByTopic, LagDistribution.Summary offsetLag) {
        public Snapshot {
            timeLagMsByTopic = Map.copyOf(timeLagMsByTopic);
        }
    }

    /** A record of {@code topic} with broker timestamp {@code timestampMs} processed at {@code nowMs}; returns the lag in ms. */
    public long onRecord(String topic, long nowMs, long timestampMs) {
        long lag = Math.max(0, nowMs - timestampMs);
        byTopic.computeIfAbsent(topic, t -> new LagDistribution()).record(lag);
        return lag;
    }

    /** One sample of the records not yet consumed. */
    public void onOffsetLag(long records) {
        offsets.record(records);
    }

    /** The summaries so far, topics in name order. */
    public Snapshot snapshot() {
        Map<String, LagDistribution.Summary> m = new TreeMap<>();
        byTopic.forEach((t, d) -> m.put(t, d.summary()));
        return new Snapshot(m, offsets.summary());
    }
}
