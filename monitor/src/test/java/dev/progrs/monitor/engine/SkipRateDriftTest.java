package dev.progrs.monitor.engine;

import static dev.progrs.monitor.engine.ArithmeticGroups.PROMPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The default detectors on hand-made streams of the built-in suite where a PRM blind to skipped
 * steps is being hacked: each sample skips a step with probability p (a rewarded wrong chain the
 * PRM scores 1 throughout), otherwise it is right or slips in its last step. A rise of p must alert
 * on {@code skip_rate}; a stable p must raise nothing; a fall of p is the policy getting better and
 * must not alert on {@code skip_rate}.
 */
class SkipRateDriftTest {
    private static final int GROUPS_PER_WINDOW = 8;
    private static final int K = 4;
    private static final int MAX_DELAY_WINDOWS = 6;
    private static final ArithmeticGroups.Response RIGHT = new ArithmeticGroups.Response(ArithmeticGroups.REFERENCE, 1,
            List.of(1.0, 1.0, 1.0, 1.0, 1.0));
    private static final ArithmeticGroups.Response SKIP = new ArithmeticGroups.Response(ArithmeticGroups.SKIPS_D, 1,
            List.of(1.0, 1.0, 1.0, 1.0));
    private static final ArithmeticGroups.Response SLIP = new ArithmeticGroups.Response(ArithmeticGroups.SLIP_IN_G, 0,
            List.of(1.0, 1.0, 1.0, 0.0, 0.0));

    /** Alerts of a stream whose skip probability is {@code before} up to window {@code change}, then {@code after}. */
    private static List<DriftReport> alerts(long seed, int windows, int change, double before, double after) {
        MonitorEngine engine = new MonitorEngine(MonitorConfig.fromSettings(Map.of(MonitorConfig.WINDOW_GROUPS,
                String.valueOf(GROUPS_PER_WINDOW))), () -> 0L);
        Random random = new Random(seed);
        List<WindowResult> out = new ArrayList<>();
        for (int g = 0; g < windows * GROUPS_PER_WINDOW; g++) {
            double p = g / GROUPS_PER_WINDOW < change ? before : after;
            List<ArithmeticGroups.Response> responses = new ArrayList<>();
            for (int i = 0; i < K; i++) {
                responses.add(random.nextDouble() < p ? SKIP : random.nextBoolean() ? RIGHT : SLIP);
            }
            SyntheticGroup group = ArithmeticGroups.group("g" + g, PROMPT, responses, 1_700_000_000_000L + 100L * g);
            for (ScoredTrajectory s : group.scored()) {
                out.addAll(engine.onSample(Observations.of(s)));
            }
            out.addAll(engine.onGroup(Observations.of(group.advantages())));
        }
        assertEquals(windows, out.size());
        return out.stream().flatMap(r -> r.alerts().stream()).toList();
    }

    @Test
    void aRisingSkipRateRaisesAnAlertOnSkipRate() {
        int change = 48;
        List<DriftReport> alerts = alerts(5, 96, change, 0.1, 0.4);
        alerts.forEach(a -> System.out.println("[rising skip rate] " + a.getMessage()));
        assertTrue(alerts.stream().noneMatch(a -> a.getWindowIndex() < change), "no alert before the change: " + alerts);
        DriftReport first = alerts.stream().filter(a -> a.getSignal().equals(WindowMetrics.SKIP_RATE)).findFirst()
                .orElseThrow(() -> new AssertionError("no alert on " + WindowMetrics.SKIP_RATE + ": " + alerts));
        assertEquals("up", first.getDirection());
        assertTrue(first.getWindowIndex() - change <= MAX_DELAY_WINDOWS, "caught at window " + first.getWindowIndex());
        assertTrue(first.getShift() > 0.15 && first.getShift() < 0.45, "shift " + first.getShift() + " (true 0.3)");
    }

    @Test
    void aStableSkipRateRaisesNoAlert() {
        List<DriftReport> alerts = alerts(6, 160, 0, 0.1, 0.1);
        alerts.forEach(a -> System.out.println("[stable skip rate] false alarm: " + a.getMessage()));
        assertEquals(List.of(), alerts);
    }

    @Test
    void aFallingSkipRateRaisesNoAlertOnSkipRate() {
        List<DriftReport> alerts = alerts(7, 96, 48, 0.4, 0.1);
        assertTrue(alerts.stream().noneMatch(a -> a.getSignal().equals(WindowMetrics.SKIP_RATE)),
                "fewer skipped steps is no hacking: " + alerts);
    }
}
