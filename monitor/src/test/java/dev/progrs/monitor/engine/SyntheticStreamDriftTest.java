package dev.progrs.monitor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.synthetic.SyntheticRewardStream;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.DriftReport;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default detectors on synthetic streams with a known story: a PRM that becomes biased on
 * incorrect samples halfway must be caught on the bias signal within a bounded number of windows;
 * a stationary stream must stay quiet over a long run.
 */
class SyntheticStreamDriftTest {
    private static final int GROUPS_PER_WINDOW = 32;
    private static final int K = 8;
    /** The bound on the detection delay, in windows after the first biased window. */
    private static final int MAX_DELAY_WINDOWS = 6;

    private static List<WindowResult> run(SyntheticRewardStream stream, int windows) {
        MonitorConfig config = MonitorConfig.defaults();
        config = new MonitorConfig(config.windowKind(), GROUPS_PER_WINDOW, config.windowMs(), config.allowedLatenessMs(),
                config.joinGraceGroups(), config.maxPendingGroups(), config.historyWindows(), config.drift(),
                config.goldCheckSuite());
        MonitorEngine engine = new MonitorEngine(config, () -> 0L);
        List<WindowResult> out = new ArrayList<>();
        for (long g = 0; g < (long) windows * GROUPS_PER_WINDOW; g++) {
            SyntheticGroup group = stream.next();
            for (ScoredTrajectory s : group.scored()) {
                out.addAll(engine.onSample(Observations.of(s)));
            }
            out.addAll(engine.onGroup(Observations.of(group.advantages())));
        }
        out.addAll(engine.flush());
        return out;
    }

    @Test
    void prmBiasOnIncorrectSamplesHalfwayIsCaughtOnTheBiasSignalWithinABoundedDelay() {
        int windows = 120;
        int changeWindow = 60;
        double bias = 0.05;
        var stream = new SyntheticRewardStream(7, K, (long) changeWindow * GROUPS_PER_WINDOW, bias, 1_700_000_000_000L, 100);
        List<WindowResult> results = run(stream, windows);
        assertEquals(windows, results.size());
        List<DriftReport> alerts = results.stream().flatMap(r -> r.alerts().stream()).toList();
        alerts.forEach(a -> System.out.println("[biased stream] " + a.getMessage()));
        List<DriftReport> before = alerts.stream().filter(a -> a.getWindowIndex() < changeWindow).toList();
        assertTrue(before.isEmpty(), "no alert before the change, got " + before);
        DriftReport first = alerts.stream().filter(a -> a.getSignal().equals(WindowMetrics.PRM_BIAS_INCORRECT))
                .findFirst().orElseThrow(() -> new AssertionError("no alert on " + WindowMetrics.PRM_BIAS_INCORRECT + ": " + alerts));
        long delay = first.getWindowIndex() - changeWindow;
        System.out.println("[biased stream] bias +" + bias + " from window " + changeWindow + ": first "
                + WindowMetrics.PRM_BIAS_INCORRECT + " alert at window " + first.getWindowIndex() + " (delay " + delay
                + " windows, detector " + first.getDetector() + ")");
        assertTrue(delay >= 0 && delay <= MAX_DELAY_WINDOWS, "detection delay " + delay + " windows");
        assertEquals("up", first.getDirection());
        assertTrue(first.getShift() > bias / 2 && first.getShift() < bias * 2, "shift size " + first.getShift());
        List<String> unrelated = List.of(WindowMetrics.ACCURACY, WindowMetrics.PROCESS_SCORE_CORRECT,
                WindowMetrics.RESPONSE_LENGTH, WindowMetrics.ZERO_VARIANCE_SHARE);
        assertFalse(alerts.stream().anyMatch(a -> unrelated.contains(a.getSignal())),
                "signals the bias does not touch stay quiet: " + alerts);
    }

    @Test
    void aStationaryStreamRaisesNoAlertOverALongRun() {
        int windows = 600;
        List<WindowResult> results = run(SyntheticRewardStream.stationary(11, K), windows);
        List<DriftReport> alerts = results.stream().flatMap(r -> r.alerts().stream()).toList();
        alerts.forEach(a -> System.out.println("[stationary stream] false alarm: " + a.getMessage()));
        int series = results.get(results.size() - 1).metrics().series().size();
        System.out.println("[stationary stream] " + windows + " windows x " + series + " signals x 2 detectors: "
                + alerts.size() + " false alarms");
        assertEquals(0, alerts.size(), "false alarms: " + alerts);
    }
}
