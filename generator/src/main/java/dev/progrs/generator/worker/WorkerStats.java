package dev.progrs.generator.worker;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters of a {@link GeneratorWorker}. */
public final class WorkerStats {
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong abortedBatches = new AtomicLong();
    private final AtomicLong policyLoads = new AtomicLong();
    private final AtomicLong loadFailures = new AtomicLong();
    private final AtomicLong samplingNanos = new AtomicLong();
    private volatile long loadedVersion = -1;
    private final long startNanos = System.nanoTime();

    void committed(int groupCount, int sampleCount, int deadCount, double samplingMs, long version) {
        groups.addAndGet(groupCount);
        samples.addAndGet(sampleCount);
        deadLetters.addAndGet(deadCount);
        samplingNanos.addAndGet((long) (samplingMs * 1e6));
    }

    void aborted() {
        abortedBatches.incrementAndGet();
    }

    void loaded(long version) {
        policyLoads.incrementAndGet();
        loadedVersion = version;
    }

    void loadFailed() {
        loadFailures.incrementAndGet();
    }

    /** Groups committed. */
    public long groups() {
        return groups.get();
    }

    /** Trajectories committed. */
    public long samples() {
        return samples.get();
    }

    /** Prompt records sent to the DLQ (committed). */
    public long deadLetters() {
        return deadLetters.get();
    }

    /** Batches whose transaction was aborted and retried. */
    public long abortedBatches() {
        return abortedBatches.get();
    }

    /** Policy versions loaded. */
    public long policyLoads() {
        return policyLoads.get();
    }

    /** Announced versions that could not be loaded (each retry counts). */
    public long loadFailures() {
        return loadFailures.get();
    }

    /** Version currently loaded, -1 before the first. */
    public long loadedVersion() {
        return loadedVersion;
    }

    /** Seconds spent in batched sampling and verification. */
    public double samplingSeconds() {
        return samplingNanos.get() / 1e9;
    }

    @Override
    public String toString() {
        double s = (System.nanoTime() - startNanos) / 1e9;
        return String.format("%d groups (%.2f/s), %d trajectories, %d dead letters, %d aborted batches, policy version %d "
                        + "(%d loads, %d failed), sampling %.1f s of %.1f s", groups(), groups() / Math.max(s, 1e-9), samples(),
                deadLetters(), abortedBatches(), loadedVersion(), policyLoads(), loadFailures(), samplingSeconds(), s);
    }
}
