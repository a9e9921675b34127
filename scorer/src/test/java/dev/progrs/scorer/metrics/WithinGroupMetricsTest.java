package dev.progrs.scorer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.progrs.scorer.metrics.WithinGroupMetrics.ScoredSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class WithinGroupMetricsTest {

    // one prompt: r right throughout; a wrong at step 1 (seen: lower confidence there); b wrong at step 1 (missed)
    private static final ScoredSample RIGHT = new ScoredSample("p", -1, true, new double[] {0.9, 0.8, 0.9}, 0.9);
    private static final ScoredSample SEEN = new ScoredSample("p", 1, false, new double[] {0.9, 0.2, 0.1}, 0.3);
    private static final ScoredSample MISSED = new ScoredSample("p", 1, false, new double[] {0.9, 0.95, 0.9}, 0.8);
    // another prompt: its samples are never compared with the first prompt's
    private static final ScoredSample OTHER = new ScoredSample("q", 1, false, new double[] {0.9, 0.99, 0.9}, 0.9);

    @Test
    void firstErrorAurocComparesOnlySamplesOfOnePromptAtTheErrorStep() {
        WithinGroupMetrics.Concordance c = WithinGroupMetrics.firstErrorAuroc(List.of(RIGHT, SEEN, MISSED, OTHER));
        // pairs at t = 1: (RIGHT vs SEEN) won, (RIGHT vs MISSED) lost
        assertEquals(2, c.pairs());
        assertEquals(0.5, c.value(), 1e-12);
    }

    @Test
    void theFilteredFormKeepsOnlyTheAcceptedWrongSamplesOnTheWrongSide() {
        WithinGroupMetrics.Concordance seen = WithinGroupMetrics.firstErrorAuroc(List.of(RIGHT, SEEN, MISSED), s -> s == SEEN);
        assertEquals(1, seen.pairs());
        assertEquals(1.0, seen.value(), 1e-12);
        WithinGroupMetrics.Concordance none = WithinGroupMetrics.firstErrorAuroc(List.of(RIGHT, SEEN, MISSED), s -> false);
        assertEquals(0, none.pairs());
        assertEquals(Double.NaN, none.value());
    }

    @Test
    void progressConcordanceRanksIncorrectSamplesByTheirFirstError() {
        ScoredSample early = new ScoredSample("p", 0, false, new double[] {0.1, 0.1}, 0.1);
        ScoredSample late = new ScoredSample("p", 1, false, new double[] {0.9, 0.1}, 0.5);
        WithinGroupMetrics.Concordance c = WithinGroupMetrics.progressConcordance(List.of(early, late, RIGHT));
        assertEquals(1, c.pairs());
        assertEquals(1.0, c.value(), 1e-12);
    }
}
