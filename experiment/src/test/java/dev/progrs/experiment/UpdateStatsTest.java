package dev.progrs.experiment;

import static dev.progrs.schemas.GroupFixtures.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.learner.grpo.UpdateMetrics;
import dev.progrs.wire.GroupAdvantages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock-step experiment's per-update statistics record the share of Σ|A| in all-incorrect groups. */
class UpdateStatsTest {

    private static final UpdateMetrics METRICS = new UpdateMetrics(0, 0, 0, 0, 1e-3, 1, Double.NaN, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0);

    // mixed:         R = (1, 0, 0), A = (1.2, −0.6, −0.6)  Σ|A| = 2.4
    // all incorrect: R = (0, 0, 0), A = (0.3, −0.1, −0.2)  Σ|A| = 0.6
    // share = 0.6 / 3.0 = 0.2
    private static final List<GroupAdvantages> BATCH = List.of(
            group("mixed", new double[] {1, 0, 0}, new double[] {1.2, -0.6, -0.6}),
            group("all-incorrect", new double[] {0, 0, 0}, new double[] {0.3, -0.1, -0.2}));

    @Test
    void anUpdateRecordsTheAbsoluteAdvantageOfTheBatchAndOfItsAllIncorrectGroups() {
        UpdateStats u = LockStepRlRun.stats(6, BATCH, METRICS, null);
        assertEquals(3.0, u.advantageAbs(), 1e-12);
        assertEquals(0.6, u.advantageAbsAllIncorrect(), 1e-12);
        assertEquals(0.2, u.allIncorrectAdvantageShare(), 1e-12);
    }

    @Test
    void theArmsIndicatorsPoolTheSumsOverUpdatesAndSeeds() {
        // run 1: 0.6 of 3.0 ; run 2: the mixed group alone, 0 of 2.4 → pooled 0.6 / 5.4 = 0.1111111
        UpdateStats both = LockStepRlRun.stats(6, BATCH, METRICS, null);
        UpdateStats mixedOnly = LockStepRlRun.stats(3, List.of(BATCH.get(0)), METRICS, null);
        HackingIndicators h = HackingIndicators.of(List.of(List.of(both), List.of(mixedOnly)));
        assertEquals(0.6 / 5.4, h.allIncorrectAdvantageShare(), 1e-12);
        assertEquals(0.1111111, h.allIncorrectAdvantageShare(), 1e-7);
    }

    @Test
    void anUpdateStoredBeforeTheSumsExistedReadsAsNotMeasured() throws Exception {
        String legacy = "{\"rollouts\":64,\"samples\":32,\"correct\":8,\"incorrectPositive\":3,\"processScoreCorrect\":4.0,"
                + "\"processScoreIncorrect\":9.0,\"responseTokens\":900,\"zeroVarianceGroups\":2,\"groups\":4,\"dominanceViolations\":0,"
                + "\"klEstimate\":0.001}";
        UpdateStats u = new ObjectMapper().readValue(legacy, UpdateStats.class);
        assertEquals(0.0, u.advantageAbs());
        assertTrue(Double.isNaN(u.allIncorrectAdvantageShare()));
        assertTrue(Double.isNaN(HackingIndicators.of(List.of(List.of(u))).allIncorrectAdvantageShare()));
    }
}
