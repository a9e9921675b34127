package dev.progrs.centering.topology;

import static dev.progrs.centering.topology.ScoredFixtures.scored;

import dev.progrs.wire.ScoredTrajectory;
import java.time.Duration;
import org.apache.kafka.streams.TestInputTopic;

/**
 * Moves a topology's group clock forward the only way it moves: with input. Each tick is a one-sample
 * group ({@code tick-N}, K = 1, complete on arrival), stamped at most one input gap after the last, so
 * the clock advances by exactly the time asked for. Tests filter the ticks' own groups out with {@link #isTick}.
 */
final class InputTicks {

    /** Ticks claim a policy version no test reaches, so they are never stale. */
    private static final long TICK_POLICY_VERSION = 1_000_000;

    private final TestInputTopic<String, ScoredTrajectory> in;
    private final long gapMs;
    private long timestamp;
    private int ticks;

    /**
     * @param in    the scored-trajectory input
     * @param gap   the topology's max-input-gap
     * @param start the timestamp of the last record the test sent
     */
    InputTicks(TestInputTopic<String, ScoredTrajectory> in, Duration gap, long start) {
        this.in = in;
        this.gapMs = gap.toMillis();
        this.timestamp = start;
    }

    /** Notes that the test sent a record stamped {@code t}. */
    void sent(long t) {
        timestamp = Math.max(timestamp, t);
    }

    /** Sends ticks until the group clock has moved by {@code by} from the last record. */
    void advance(Duration by) {
        long left = by.toMillis();
        while (left > 0) {
            long step = Math.min(left, gapMs);
            timestamp += step;
            left -= step;
            String id = "tick-" + ticks++;
            in.pipeInput(id, scored(id, 0, 1, 1, 0.5, TICK_POLICY_VERSION), timestamp);
        }
    }

    /** @return the timestamp of the last record sent */
    long timestamp() {
        return timestamp;
    }

    /** @return the ticks sent so far (each one completed group) */
    int count() {
        return ticks;
    }

    static boolean isTick(String groupId) {
        return groupId.startsWith("tick-");
    }
}
