/**
 * Reward-drift monitor: windowed reward-health signals, drift alerts, Prometheus
 * endpoint and live dashboard.
 *
 * <ul>
 *   <li>{@code window}: pure maths — the join of progrs.scored (sample view) with progrs.advantages
 *       (group view) by group id ({@link dev.progrs.monitor.window.GroupJoin}), tumbling windows by
 *       count of groups or by event time, and the signals of a window
 *       ({@link dev.progrs.monitor.window.WindowStatistics}; AUROC from {@code dev.progrs.scorer.metrics.Auroc}).
 *       Group-level signals come from the advantages record, sample-level ones from the scored records;
 *       the reward-hacking signals a PRM cannot report on itself from the gold step checker's verdicts
 *       ({@link dev.progrs.monitor.window.GoldCheckSignals}).</li>
 *   <li>{@code gold}: the gold step checker applied to a sample as it arrives — its problem parsed back
 *       from the prompt text ({@link dev.progrs.monitor.gold.GoldSampleChecker}); an instrument, never a reward.</li>
 *   <li>{@code drift}: pure maths — Page–Hinkley and the two-window test per series, validated
 *       thresholds and which way each series alerts ({@link dev.progrs.monitor.drift.DriftConfig},
 *       {@link dev.progrs.monitor.drift.AlertDirection}), DriftReport construction.</li>
 *   <li>{@code engine}: the two glued together without Kafka ({@link dev.progrs.monitor.engine.MonitorEngine}).</li>
 *   <li>{@code kafka}, {@code http}, {@code metrics}, {@code history}: the shell — a read_committed
 *       consumer in its own group, DriftReport producer, Micrometer/Prometheus meters, the JDK HTTP
 *       server with {@code /metrics}, {@code /api/series} and the dashboard page.</li>
 *   <li>{@code lag}: how far behind the live stream the monitor runs (record time lag per topic, offset
 *       lag), pure distributions fed by the Kafka loop ({@link dev.progrs.monitor.lag.MonitorLag}).</li>
 *   <li>{@code synthetic}: a reproducible stream with a known story, for tests and benchmarks.</li>
 * </ul>
 */
package dev.progrs.monitor;
