package dev.progrs.learner.worker;

import dev.progrs.learner.grpo.UpdateMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of a learner worker since it started; safe to read from any thread. */
public final class LearnerStats {

    private final AtomicLong versionsPublished = new AtomicLong();
    private final AtomicLong groupsTrained = new AtomicLong();
    private final AtomicLong staleDropped = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong rolledForward = new AtomicLong();
    private final AtomicLong skippedSteps = new AtomicLong();
    private final AtomicLong recomputedSteps = new AtomicLong();
    private final AtomicLong registryWaits = new AtomicLong();
    private final AtomicLong currentVersion = new AtomicLong(-1);
    private final AtomicReference<UpdateMetrics> lastUpdate = new AtomicReference<>();

    void published(long version, int groups, UpdateMetrics metrics) {
        versionsPublished.incrementAndGet();
        groupsTrained.addAndGet(groups);
        currentVersion.set(version);
        lastUpdate.set(metrics);
        skippedSteps.addAndGet(metrics.skippedSteps());
        recomputedSteps.addAndGet(metrics.recomputedSteps());
    }

    void current(long version) {
        currentVersion.set(version);
    }

    void staleDropped(long n) {
        staleDropped.addAndGet(n);
    }

    void countDeadLetter() {
        deadLettered.incrementAndGet();
    }

    void countRegistryWait() {
        registryWaits.incrementAndGet();
    }

    void countRollForward() {
        rolledForward.incrementAndGet();
    }

    /** Versions this incarnation announced after training them (not counting roll-forwards). */
    public long versionsPublished() {
        return versionsPublished.get();
    }

    public long groupsTrained() {
        return groupsTrained.get();
    }

    /** Groups dropped because their oldest sample was more than max-staleness versions behind. */
    public long staleDropped() {
        return staleDropped.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Versions found checkpointed but unannounced at start-up and announced then (crash recovery). */
    public long rolledForward() {
        return rolledForward.get();
    }

    /**
     * GRPO optimiser steps skipped because their gradient was NaN or infinite (the updater logs each with its
     * diagnostics); 0 in a healthy run.
     */
    public long skippedSteps() {
        return skippedSteps.get();
    }

    /** GRPO steps whose first gradient was non-finite and whose finite recomputation was used. */
    public long recomputedSteps() {
        return recomputedSteps.get();
    }

    /** Pauses taken because the schema registry could not answer (the records involved were read again, none dead-lettered). */
    public long registryWaits() {
        return registryWaits.get();
    }

    /** The version the learner holds, -1 before start-up finished. */
    public long currentVersion() {
        return currentVersion.get();
    }

    /** Metrics of the last update, or null. */
    public UpdateMetrics lastUpdate() {
        return lastUpdate.get();
    }

    @Override
    public String toString() {
        return "version " + currentVersion.get() + ", published " + versionsPublished.get() + ", groups trained " + groupsTrained.get()
                + ", stale dropped " + staleDropped.get() + ", dead-lettered " + deadLettered.get() + ", rolled forward " + rolledForward.get()
                + ", skipped steps " + skippedSteps.get() + ", recomputed steps " + recomputedSteps.get()
                + ", registry waits " + registryWaits.get();
    }
}
