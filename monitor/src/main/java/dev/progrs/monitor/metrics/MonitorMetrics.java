package dev.progrs.monitor.metrics;

import dev.progrs.monitor.engine.WindowResult;
import dev.progrs.monitor.lag.MonitorLag;
import dev.progrs.wire.DriftReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's Micrometer meters, in a Prometheus registry:
 * <ul>
 *   <li>{@code progrs_monitor_signal{signal=...}}: each series' value in the latest window (NaN when
 *       the window had none);</li>
 *   <li>{@code progrs_monitor_window_index}, {@code progrs_monitor_windows_total};</li>
 *   <li>{@code progrs_monitor_alerts_total{signal,detector}};</li>
 *   <li>{@code progrs_monitor_records_total{topic}}, {@code progrs_monitor_decode_errors_total{topic}};</li>
 *   <li>{@code progrs_monitor_join_pending_groups}, {@code progrs_monitor_unjoined_samples},
 *       {@code progrs_monitor_late_groups};</li>
 *   <li>{@code progrs_monitor_lag_seconds{topic,quantile}}: how far behind the live stream the monitor
 *       processes records (processing time minus record timestamp; median and p95), and
 *       {@code progrs_monitor_offset_lag}: records not yet processed at the latest poll (see {@link MonitorLag}).</li>
 * </ul>
 * Thread-safe.
 */
public final class MonitorMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicDouble> signals = new ConcurrentHashMap<>();
    private final AtomicLong windowIndex = new AtomicLong(-1);
    private final AtomicLong pendingGroups = new AtomicLong();
    private final AtomicLong unjoinedSamples = new AtomicLong();
    private final AtomicLong lateGroups = new AtomicLong();
    private final Counter windows;
    private final Map<String, Timer> lagTimers = new ConcurrentHashMap<>();
    private final AtomicLong offsetLag = new AtomicLong();
    private final MonitorLag lag = new MonitorLag();

    /** A double holder a gauge can read. */
    private static final class AtomicDouble {
        private volatile double value = Double.NaN;
    }

    public MonitorMetrics() {
        Gauge.builder("progrs.monitor.window.index", windowIndex, AtomicLong::get)
                .description("Index of the latest closed window").register(registry);
        Gauge.builder("progrs.monitor.join.pending.groups", pendingGroups, AtomicLong::get)
                .description("Groups waiting in the scored/advantages join").register(registry);
        Gauge.builder("progrs.monitor.unjoined.samples", unjoinedSamples, AtomicLong::get)
                .description("Scored samples whose group never got an advantages record").register(registry);
        Gauge.builder("progrs.monitor.late.groups", lateGroups, AtomicLong::get)
                .description("Groups dropped as too late for their time window").register(registry);
        windows = Counter.builder("progrs.monitor.windows").description("Windows closed").register(registry);
        Gauge.builder("progrs.monitor.offset.lag", offsetLag, AtomicLong::get)
                .description("Records of the watched topics not yet processed at the latest poll").register(registry);
    }

    /** Records a closed window: its series and its alerts. */
    public void onWindow(WindowResult result) {
        result.metrics().series().forEach((name, value) -> signals.computeIfAbsent(name, this::registerSignal).value = value);
        windowIndex.set(result.metrics().index());
        windows.increment();
        for (DriftReport a : result.alerts()) {
            Counter.builder("progrs.monitor.alerts").description("Drift alerts raised")
                    .tag("signal", a.getSignal()).tag("detector", a.getDetector()).register(registry).increment();
        }
    }

    /** Counts consumed records of {@code topic}. */
    public void onRecords(String topic, int count) {
        Counter.builder("progrs.monitor.records").description("Records consumed").tag("topic", topic)
                .register(registry).increment(count);
    }

    /** Counts a record of {@code topic} that could not be decoded. */
    public void onDecodeError(String topic) {
        Counter.builder("progrs.monitor.decode.errors").description("Records that could not be decoded")
                .tag("topic", topic).register(registry).increment();
    }

    /** Updates the join and lateness gauges. */
    public void onJoinState(int pending, long unjoined, long late) {
        pendingGroups.set(pending);
        unjoinedSamples.set(unjoined);
        lateGroups.set(late);
    }

    /** A live record of {@code topic} stamped {@code timestampMs} processed at {@code nowMs}. */
    public void onLag(String topic, long nowMs, long timestampMs) {
        long ms = lag.onRecord(topic, nowMs, timestampMs);
        lagTimers.computeIfAbsent(topic, t -> Timer.builder("progrs.monitor.lag").tag("topic", t)
                .description("Processing time minus record timestamp of live records").publishPercentiles(0.5, 0.95)
                .register(registry)).record(ms, TimeUnit.MILLISECONDS);
    }

    /** Records not yet processed at a live poll. */
    public void onOffsetLag(long records) {
        offsetLag.set(records);
        lag.onOffsetLag(records);
    }

    /** @return the lag distributions behind {@link #onLag} and {@link #onOffsetLag} */
    public MonitorLag lag() {
        return lag;
    }

    /** @return the Prometheus text exposition of every meter */
    public String scrape() {
        return registry.scrape();
    }

    /** @return the underlying registry (to add meters, e.g. JVM binders) */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private AtomicDouble registerSignal(String name) {
        AtomicDouble holder = new AtomicDouble();
        Gauge.builder("progrs.monitor.signal", holder, h -> h.value).tag("signal", name)
                .description("Reward-health signal in the latest closed window").register(registry);
        return holder;
    }

    @Override
    public void close() {
        registry.close();
    }
}
