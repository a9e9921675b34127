package dev.progrs.centering.topology;

import dev.progrs.stage.clock.StageClock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the centering topology, shared by all its tasks and threads, readable by tests and
 * the CLI at any time. Counts are of processing attempts: after an exactly-once abort a group may be
 * counted again when it is re-processed, while its output is committed only once.
 *
 * <p>Emission latency is wall-clock emission time minus the record timestamp of the group's last
 * sample; its percentiles come from the last {@value #LATENCY_WINDOW} emissions.
 *
 * <p>{@link #clock()} sums the wall-clock the processor spends on records and punctuations
 * ({@link CenteringActivity#PROCESSING}, busy), over every stream thread.
 */
public final class CenteringMetrics {

    /** How many recent latencies the percentiles are computed over. */
    public static final int LATENCY_WINDOW = 8192;

    private final StageClock clock = new StageClock("centering");

    private final LongAdder samplesAccepted = new LongAdder();
    private final LongAdder groupsCompleted = new LongAdder();
    private final LongAdder groupsTimedOutPartial = new LongAdder();
    private final LongAdder groupsTimedOutDropped = new LongAdder();
    private final LongAdder groupsStale = new LongAdder();
    private final LongAdder duplicateSamples = new LongAdder();
    private final LongAdder lateSamples = new LongAdder();
    private final LongAdder zeroVarianceGroups = new LongAdder();
    private final LongAdder dominanceViolations = new LongAdder();
    private final LongAdder dominanceViolationsBeforeGuard = new LongAdder();
    private final LongAdder groupsGuarded = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder policyUpdates = new LongAdder();
    private final LongAdder policyDecodeFailures = new LongAdder();
    private final LongAdder registryUnavailable = new LongAdder();
    private final long[] latencies = new long[LATENCY_WINDOW];
    private long latencyCount;
    private long latencySum;
    private long latencyMax;

    /** A consistent copy of every counter. */
    public record Snapshot(long samplesAccepted, long groupsCompleted, long groupsTimedOutPartial,
                           long groupsTimedOutDropped, long groupsStale, long duplicateSamples, long lateSamples,
                           long zeroVarianceGroups, long dominanceViolations, long dominanceViolationsBeforeGuard,
                           long groupsGuarded, long deadLettered, long policyUpdates, long policyDecodeFailures,
                           long latencyCount, double latencyMeanMs, long latencyP50Ms, long latencyP99Ms,
                           long latencyMaxMs) {

        /** @return groups emitted to the output topic (complete and partial) */
        public long groupsEmitted() {
            return groupsCompleted + groupsTimedOutPartial;
        }

        /** @return name → value, in a stable order, for printing */
        public Map<String, Number> asMap() {
            Map<String, Number> m = new LinkedHashMap<>();
            m.put("samples-accepted", samplesAccepted);
            m.put("groups-completed", groupsCompleted);
            m.put("groups-timed-out-partial", groupsTimedOutPartial);
            m.put("groups-timed-out-dropped", groupsTimedOutDropped);
            m.put("groups-stale", groupsStale);
            m.put("duplicate-samples", duplicateSamples);
            m.put("late-samples", lateSamples);
            m.put("zero-variance-groups", zeroVarianceGroups);
            m.put("dominance-violations", dominanceViolations);
            m.put("dominance-violations-before-guard", dominanceViolationsBeforeGuard);
            m.put("groups-guarded", groupsGuarded);
            m.put("dead-lettered", deadLettered);
            m.put("policy-updates", policyUpdates);
            m.put("policy-decode-failures", policyDecodeFailures);
            m.put("emission-latency-count", latencyCount);
            m.put("emission-latency-mean-ms", latencyMeanMs);
            m.put("emission-latency-p50-ms", latencyP50Ms);
            m.put("emission-latency-p99-ms", latencyP99Ms);
            m.put("emission-latency-max-ms", latencyMaxMs);
            return m;
        }
    }

    void sampleAccepted() {
        samplesAccepted.increment();
    }

    void groupCompleted() {
        groupsCompleted.increment();
    }

    void groupTimedOutPartial() {
        groupsTimedOutPartial.increment();
    }

    void groupTimedOutDropped() {
        groupsTimedOutDropped.increment();
    }

    void groupStale() {
        groupsStale.increment();
    }

    void duplicateSample() {
        duplicateSamples.increment();
    }

    void lateSample() {
        lateSamples.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void policyUpdated() {
        policyUpdates.increment();
    }

    void policyDecodeFailed() {
        policyDecodeFailures.increment();
    }

    /** The schema registry could not answer: a stream thread failed for it, or a policy record waited. */
    void countRegistryUnavailable() {
        registryUnavailable.increment();
    }

    /**
     * @return how often the schema registry could not answer: stream threads replaced for it plus
     *         waits of the policy store (the records involved are processed again, never dead-lettered)
     */
    public long registryUnavailableCount() {
        return registryUnavailable.sum();
    }

    void groupEmitted(boolean zeroVariance, int violationsBefore, int violationsAfter, boolean guarded, long latencyMs) {
        if (zeroVariance) {
            zeroVarianceGroups.increment();
        }
        dominanceViolationsBeforeGuard.add(violationsBefore);
        dominanceViolations.add(violationsAfter);
        if (guarded) {
            groupsGuarded.increment();
        }
        synchronized (latencies) {
            latencies[(int) (latencyCount % LATENCY_WINDOW)] = latencyMs;
            latencyCount++;
            latencySum += latencyMs;
            latencyMax = Math.max(latencyMax, latencyMs);
        }
    }

    /** @return the processing time of the topology's processor, summed over its threads */
    public StageClock clock() {
        return clock;
    }

    /** @return the current values */
    public Snapshot snapshot() {
        long count;
        long sum;
        long max;
        long[] window;
        synchronized (latencies) {
            count = latencyCount;
            sum = latencySum;
            max = latencyMax;
            window = Arrays.copyOf(latencies, (int) Math.min(count, LATENCY_WINDOW));
        }
        Arrays.sort(window);
        return new Snapshot(samplesAccepted.sum(), groupsCompleted.sum(), groupsTimedOutPartial.sum(),
                groupsTimedOutDropped.sum(), groupsStale.sum(), duplicateSamples.sum(), lateSamples.sum(),
                zeroVarianceGroups.sum(), dominanceViolations.sum(), dominanceViolationsBeforeGuard.sum(),
                groupsGuarded.sum(), deadLettered.sum(), policyUpdates.sum(), policyDecodeFailures.sum(),
                count, count == 0 ? 0.0 : (double) sum / count, percentile(window, 0.50), percentile(window, 0.99), max);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
