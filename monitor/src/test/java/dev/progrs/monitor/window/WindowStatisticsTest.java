package dev.progrs.monitor.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every signal against a window computed by hand. Group A: (R, b, len, v) = (1, .8, 10, 3),
 * (0, .4, 20, 2), (0, .6, 30, 3), advantages 1.2, −.5, .1; group B: (1, .5, 40, 4), (1, .9, 50, 4),
 * zero-variance, 2 dominance violations (taken as reported).
 */
class WindowStatisticsTest {
    private static final double EPS = 1e-12;

    private static ClosedWindow window() {
        JoinedGroup a = Windows.group("A", List.of(
                Windows.sample("A", 0, 1, 0.8, 10, 3, Map.of(2, 0.7, 4, 0.6)),
                Windows.sample("A", 1, 0, 0.4, 20, 2, Map.of(2, 0.3)),
                Windows.sample("A", 2, 0, 0.6, 30, 3, Map.of(2, 0.5))), new double[] {1.2, -0.5, 0.1}, false, 0, 5000);
        JoinedGroup b = Windows.group("B", List.of(
                Windows.sample("B", 0, 1, 0.5, 40, 4, Map.of(2, 0.5)),
                Windows.sample("B", 1, 1, 0.9, 50, 4, Map.of(2, 0.9, 4, 0.8))), new double[] {0.05, -0.05}, true, 2, 6000);
        return new ClosedWindow(7, WindowKind.COUNT, 5000, 6000, List.of(a, b));
    }

    @Test
    void everySignalMatchesTheHandComputedValue() {
        WindowMetrics m = WindowStatistics.compute(window(), 0.45, 5);
        assertEquals(7, m.index());
        assertEquals(2, m.groups());
        assertEquals(5, m.samples());
        assertEquals(3.0 / 5, m.accuracy(), EPS);
        assertEquals(2.2 / 3, m.processScoreCorrect(), EPS);
        assertEquals(0.5, m.processScoreIncorrect(), EPS);
        assertEquals(0.05, m.prmBiasIncorrect(), EPS, "0.5 - long-run 0.45");
        assertEquals(5.0 / 6, m.aurocProcessOutcome(), EPS, "5 of 6 (correct, incorrect) pairs ordered");
        assertEquals(2.9 / 5, m.coherence().get(2), EPS);
        assertEquals(0.7, m.coherence().get(4), EPS, "C_4 over the two samples that have it");
        assertEquals(0.5, m.zeroVarianceShare(), EPS);
        assertEquals(2, m.dominanceViolations());
        assertEquals(1.0, m.dominanceViolationsPerGroup(), EPS);
        assertEquals(0.5, m.stalenessSpread(), EPS, "spreads 1 and 0");
        assertEquals(9.0 / 5, m.stalenessLag(), EPS, "lags 2, 3, 2, 1, 1 behind version 5");
        assertEquals(30.0, m.responseLength(), EPS);
        assertEquals(0.5, m.incorrectPositiveAdvantageShare(), EPS, "A = -0.5 and +0.1 for the two incorrect");
    }

    @Test
    void seriesNamesEveryMonitoredSignalInAStableOrder() {
        WindowMetrics m = WindowStatistics.compute(window(), 0.45, 5);
        assertEquals(List.of("accuracy", "process_score_correct", "process_score_incorrect", "prm_bias_incorrect",
                "auroc_process_outcome", "coherence_w2", "coherence_w4", "zero_variance_share",
                "dominance_violations_per_group", "staleness_spread", "staleness_lag", "response_length",
                "incorrect_positive_advantage_share", "skip_rate", "rewarded_wrong_step_share", "first_error_auroc",
                "progress_concordance"), List.copyOf(m.series().keySet()));
        assertEquals(m.prmBiasIncorrect(), m.series().get(WindowMetrics.PRM_BIAS_INCORRECT));
        assertTrue(Double.isNaN(m.series().get(WindowMetrics.SKIP_RATE)), "no sample of this window was gold-checked");
    }

    @Test
    void biasIsMeasuredAgainstTheMeanOfAllEarlierIncorrectSamples() {
        WindowStatistics stats = new WindowStatistics();
        WindowMetrics first = stats.next(window());
        assertTrue(Double.isNaN(first.prmBiasIncorrect()), "no long-run mean before the first window");
        assertEquals(4, first.latestPolicyVersion());
        JoinedGroup c = Windows.group("C", List.of(Windows.sample("C", 0, 0, 0.8, 10, 6, Map.of()),
                Windows.sample("C", 1, 0, 0.9, 10, 6, Map.of())), new double[] {0, 0}, true, 0, 7000);
        WindowMetrics second = stats.next(new ClosedWindow(8, WindowKind.COUNT, 7000, 7000, List.of(c)));
        assertEquals(0.5, second.incorrectBaseline(), EPS, "incorrect b of window 1: 0.4 and 0.6");
        assertEquals(0.85 - 0.5, second.prmBiasIncorrect(), EPS);
        assertEquals(6, second.latestPolicyVersion());
        assertTrue(Double.isNaN(second.aurocProcessOutcome()), "no correct sample: AUROC undefined");
        assertTrue(Double.isNaN(second.processScoreCorrect()));
        WindowMetrics third = stats.next(new ClosedWindow(9, WindowKind.COUNT, 8000, 8000, List.of(
                Windows.group("D", List.of(Windows.sample("D", 0, 0, 0.3, 10, 6, Map.of())), new double[] {0}, true, 0, 8000))));
        assertEquals((0.4 + 0.6 + 0.8 + 0.9) / 4, third.incorrectBaseline(), EPS, "weighted by samples, all earlier windows");
    }

    @Test
    void anEmptyWindowHasNoValues() {
        WindowMetrics m = WindowStatistics.compute(new ClosedWindow(0, WindowKind.TIME, 0, 1000, List.of()), Double.NaN, 0);
        m.series().values().forEach(v -> assertTrue(Double.isNaN(v)));
    }
}
