package dev.progrs.stage.clock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where a pipeline stage spends its wall-clock time: nanoseconds summed per named activity, each
 * activity either {@link Kind#BUSY} (the stage's own work: sampling, scoring, an update) or
 * {@link Kind#WAITING} (blocked on something else: an empty input topic, a closed policy gate,
 * admission control), plus how long the stage has been alive.
 *
 * <p>For one stage thread, {@code alive = Σ busy + Σ waiting + unaccounted}, where the unaccounted
 * rest is loop overhead the stage does not time. Busy time is wall-clock, not CPU time: on a shared
 * machine a busy stage may be descheduled, so the busy times of stages running side by side can add
 * up to more than the wall-clock of the run (several threads) or less (idle gaps).
 *
 * <p>A stage names its activities as an enum of {@link StageActivity}, each carrying its kind; the
 * overloads taking a name and a kind serve activities named at run time. Recording ({@link #add},
 * {@link #lap}) is safe from several threads (a stream with several
 * threads shares one clock); {@link #snapshot()} is safe from any thread at any time.
 */
public final class StageClock {

    /** Whether an activity is the stage's own work or time spent blocked on another stage. */
    public enum Kind {
        BUSY,
        WAITING
    }

    /** One activity's total. */
    private record Activity(Kind kind, int order, LongAdder nanos) {
    }

    private final String stage;
    private final LongSupplier nanoTime;
    private final Map<String, Activity> activities = new ConcurrentHashMap<>();
    private final AtomicInteger order = new AtomicInteger();
    private volatile long startNanos = Long.MIN_VALUE;
    private volatile long stopNanos = Long.MIN_VALUE;

    /** A clock on {@link System#nanoTime()}. */
    public StageClock(String stage) {
        this(stage, System::nanoTime);
    }

    /** A clock on {@code nanoTime} (tests pass a fake). */
    public StageClock(String stage, LongSupplier nanoTime) {
        this.stage = stage;
        this.nanoTime = nanoTime;
    }

    public String stage() {
        return stage;
    }

    /** The clock's current reading, in nanoseconds (the start of a {@link #lap}). */
    public long now() {
        return nanoTime.getAsLong();
    }

    /** Marks the stage alive from now (the first call counts); returns now. */
    public synchronized long start() {
        long now = now();
        if (startNanos == Long.MIN_VALUE) {
            startNanos = now;
        }
        return now;
    }

    /** Marks the stage stopped now (the first call after start counts): alive time stops growing. */
    public synchronized void stop() {
        if (startNanos != Long.MIN_VALUE && stopNanos == Long.MIN_VALUE) {
            stopNanos = now();
        }
    }

    /**
     * Adds {@code nanos} to {@code activity} by name and kind (stages name theirs with {@link StageActivity} enums).
     *
     * @throws IllegalArgumentException if nanos is negative, or the activity was recorded before with the other kind
     */
    void add(String activity, Kind kind, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("stage " + stage + ", activity " + activity + ": nanos = " + nanos + "; accepted: >= 0");
        }
        Activity a = activities.computeIfAbsent(activity, k -> new Activity(kind, order.getAndIncrement(), new LongAdder()));
        if (a.kind() != kind) {
            throw new IllegalArgumentException("stage " + stage + ", activity " + activity + " is " + a.kind() + ", recorded now as "
                    + kind + "; an activity has one kind");
        }
        a.nanos().add(nanos);
    }

    /**
     * Adds {@code nanos} to {@code activity}, under its own name and kind.
     *
     * @throws IllegalArgumentException if nanos is negative, or the name was recorded before with the other kind
     */
    public void add(StageActivity activity, long nanos) {
        add(activity.id(), activity.kind(), nanos);
    }

    /** Adds the time from {@code sinceNanos} (an earlier {@link #now()}) to now to {@code activity}; returns now, the next lap's start. */
    public long lap(StageActivity activity, long sinceNanos) {
        return lap(activity.id(), activity.kind(), sinceNanos);
    }

    /** As {@link #lap(StageActivity, long)} by name and kind; stages name their activities with enums, tests may not. */
    long lap(String activity, Kind kind, long sinceNanos) {
        long now = now();
        add(activity, kind, Math.max(0, now - sinceNanos));
        return now;
    }

    /** The totals so far. */
    public Snapshot snapshot() {
        long start = startNanos;
        long stop = stopNanos;
        double alive = start == Long.MIN_VALUE ? 0 : ((stop == Long.MIN_VALUE ? now() : stop) - start) / 1e9;
        List<Map.Entry<String, Activity>> sorted = new ArrayList<>(activities.entrySet());
        sorted.sort((x, y) -> Integer.compare(x.getValue().order(), y.getValue().order()));
        Map<String, Double> busy = new LinkedHashMap<>();
        Map<String, Double> waiting = new LinkedHashMap<>();
        for (Map.Entry<String, Activity> e : sorted) {
            (e.getValue().kind() == Kind.BUSY ? busy : waiting).put(e.getKey(), e.getValue().nanos().sum() / 1e9);
        }
        return new Snapshot(stage, alive, busy, waiting);
    }

    /**
     * A stage's totals, in seconds.
     *
     * @param stage          stage name
     * @param aliveSeconds   wall-clock from {@link #start()} to {@link #stop()} (or to the snapshot)
     * @param busySeconds    per busy activity, in first-recorded order
     * @param waitingSeconds per waiting activity, in first-recorded order
     */
    public record Snapshot(String stage, double aliveSeconds, Map<String, Double> busySeconds, Map<String, Double> waitingSeconds) {
        public Snapshot {
            busySeconds = Collections.unmodifiableMap(new LinkedHashMap<>(busySeconds));
            waitingSeconds = Collections.unmodifiableMap(new LinkedHashMap<>(waitingSeconds));
        }

        /** Σ busy activities. */
        public double busy() {
            return busySeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Σ waiting activities. */
        public double waiting() {
            return waitingSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** alive − busy − waiting: time the stage did not attribute (negative when several threads share the clock). */
        public double unaccounted() {
            return aliveSeconds - busy() - waiting();
        }

        /**
         * The totals of two instances of a stage (e.g. two generators) under {@code name}: activities and
         * alive times add up, so alive is in thread-seconds.
         */
        public Snapshot plus(Snapshot other, String name) {
            Map<String, Double> b = new LinkedHashMap<>(busySeconds);
            other.busySeconds.forEach((k, v) -> b.merge(k, v, Double::sum));
            Map<String, Double> w = new LinkedHashMap<>(waitingSeconds);
            other.waitingSeconds.forEach((k, v) -> w.merge(k, v, Double::sum));
            return new Snapshot(name, aliveSeconds + other.aliveSeconds, b, w);
        }
    }
}
