package dev.progrs.cli.run;

import dev.progrs.centering.topology.CenteringMetrics;
import dev.progrs.monitor.lag.LagDistribution;
import dev.progrs.monitor.lag.MonitorLag;
import dev.progrs.schemas.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far the monitor ran behind the live stream during the run ({@link MonitorLag}), next to two
 * yardsticks measured in the same run: the centering stream's group-completion latency (emission
 * time minus the group's last sample's timestamp, which advantages records carry, so
 * {@code lag(advantages) − completion latency} is the delay the monitor adds), and the mean
 * wall-clock one monitor window took to fill ({@code W / windows closed}), the delay the dashboard
 * has by construction.
 *
 * @param lag              the monitor's lags
 * @param centering        the centering stream's counters (completion latency)
 * @param windows          monitor windows closed within the run
 * @param wallSeconds      W, as in {@link StageTimes}
 */
record MonitorLagSummary(MonitorLag.Snapshot lag, CenteringMetrics.Snapshot centering, long windows, double wallSeconds) {

    /** Mean seconds per monitor window; NaN before the first. */
    double windowSeconds() {
        return windows == 0 ? Double.NaN : wallSeconds / windows;
    }

    /** Lag on {@code topic}, or an empty summary. */
    LagDistribution.Summary on(String topic) {
        return lag.timeLagMsByTopic().getOrDefault(topic, new LagDistribution.Summary(0, 0, 0, 0, 0));
    }

    /** p50 lag on progrs.advantages over p50 centering completion latency; NaN without both. */
    double advantagesLagOverCompletion() {
        long c = centering.latencyP50Ms();
        return c <= 0 || on(Topics.ADVANTAGES).count() == 0 ? Double.NaN : (double) on(Topics.ADVANTAGES).median() / c;
    }

    /** p50 lag on progrs.scored over the mean window length; NaN without both. */
    double scoredLagOverWindow() {
        return on(Topics.SCORED).count() == 0 || windows == 0 ? Double.NaN : on(Topics.SCORED).median() / 1000.0 / windowSeconds();
    }

    /** The Markdown section of the report. */
    String markdown() {
        StringBuilder b = new StringBuilder("## Monitor lag behind the live stream\n\n");
        b.append("Per record: wall-clock when the monitor processed it minus the record's broker timestamp (the scorer's send "
                + "time on progrs.scored; the group's last sample's timestamp on progrs.advantages). Offset lag: records not yet "
                + "processed at each poll.\n\n");
        b.append("| topic | records | p50 ms | p95 ms | max ms | mean ms |\n|---|---|---|---|---|---|\n");
        for (Map.Entry<String, LagDistribution.Summary> e : lag.timeLagMsByTopic().entrySet()) {
            LagDistribution.Summary s = e.getValue();
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f |%n", e.getKey(), s.count(), s.median(), s.p95(), s.max(),
                    s.mean()));
        }
        LagDistribution.Summary o = lag.offsetLag();
        b.append(String.format(Locale.ROOT, "| offset lag (records, %d polls) | | %d | %d | %d | %.1f |%n%n", o.count(), o.median(), o.p95(),
                o.max(), o.mean()));
        b.append(String.format(Locale.ROOT, "Yardsticks from the same run: centering group-completion latency p50 %d ms, p99 %d ms "
                        + "(lag on advantages p50 / completion p50 = %.2f); %d monitor windows, one per %.1f s "
                        + "(lag on scored p50 / window = %.4f).%n%n", centering.latencyP50Ms(), centering.latencyP99Ms(),
                advantagesLagOverCompletion(), windows, windowSeconds(), scoredLagOverWindow()));
        return b.toString();
    }

    /** Lines for the console summary. */
    List<String> summaryLines() {
        List<String> out = new ArrayList<>();
        LagDistribution.Summary s = on(Topics.SCORED);
        LagDistribution.Summary a = on(Topics.ADVANTAGES);
        out.add(String.format(Locale.ROOT, "monitor lag p50/p95/max ms: scored %d/%d/%d, advantages %d/%d/%d (centering completion p50 %d ms; "
                        + "ratio %.2f); offset lag p50/max %d/%d records; window every %.1f s", s.median(), s.p95(), s.max(), a.median(),
                a.p95(), a.max(), centering.latencyP50Ms(), advantagesLagOverCompletion(), lag.offsetLag().median(),
                lag.offsetLag().max(), windowSeconds()));
        return out;
    }

    /** For {@code stage-times.json}. */
    Map<String, Object> asJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> topics = new LinkedHashMap<>();
        lag.timeLagMsByTopic().forEach((t, s) -> topics.put(t, summary(s)));
        m.put("timeLagMs", topics);
        m.put("offsetLagRecords", summary(lag.offsetLag()));
        m.put("centeringCompletionP50Ms", centering.latencyP50Ms());
        m.put("centeringCompletionP99Ms", centering.latencyP99Ms());
        m.put("windowsClosed", windows);
        m.put("windowSeconds", finiteOrNull(windowSeconds()));
        m.put("advantagesLagP50OverCompletionP50", finiteOrNull(advantagesLagOverCompletion()));
        m.put("scoredLagP50OverWindow", finiteOrNull(scoredLagOverWindow()));
        return m;
    }

    /** JSON has no NaN. */
    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> summary(LagDistribution.Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50", s.median());
        m.put("p95", s.p95());
        m.put("max", s.max());
        m.put("mean", s.mean());
        return m;
    }
}
