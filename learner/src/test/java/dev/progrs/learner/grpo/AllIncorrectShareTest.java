package dev.progrs.learner.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.progrs.learner.TinyPolicy;
import dev.progrs.wire.GroupAdvantages;
import dev.progrs.wire.SampleAdvantage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The share of a batch's Σ|A| carried by groups without a correct sample, on a hand-made batch. */
class AllIncorrectShareTest {

    /** A group with the given outcomes and final advantages. */
    private static GroupAdvantages group(String id, double[] outcomes, double[] advantages) {
        GroupAdvantages g = TinyPolicy.group(id, 0, advantages, -1f, id.hashCode());
        List<SampleAdvantage> samples = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            samples.add(SampleAdvantage.newBuilder(g.getSamples().get(i)).setOutcome(outcomes[i]).build());
        }
        return GroupAdvantages.newBuilder(g).setSamples(samples).build();
    }

    // mixed:         R = (1, 0, 0), A = (1.0, −0.5, −0.5)   Σ|A| = 2.0
    // all incorrect: R = (0, 0, 0), A = (0.04, −0.01, −0.03) Σ|A| = 0.08  (A_out = 0: all bonus)
    // all correct:   R = (1, 1),    A = (0.09, 0.03)         Σ|A| = 0.12
    // share = 0.08 / (2.0 + 0.08 + 0.12) = 0.08 / 2.2 = 0.0363636
    private static final List<GroupAdvantages> BATCH = List.of(
            group("mixed", new double[] {1, 0, 0}, new double[] {1.0, -0.5, -0.5}),
            group("all-incorrect", new double[] {0, 0, 0}, new double[] {0.04, -0.01, -0.03}),
            group("all-correct", new double[] {1, 1}, new double[] {0.09, 0.03}));

    @Test
    void theAllIncorrectGroupsCarryTheirShareOfTheBatchsAbsoluteAdvantage() {
        AllIncorrectShare s = AllIncorrectShare.of(BATCH);
        assertEquals(2.2, s.total(), 1e-12);
        assertEquals(0.08, s.allIncorrect(), 1e-12);
        assertEquals(0.0363636, s.share(), 1e-7);
    }

    @Test
    void theGrpoBatchCarriesTheShareIntoTheUpdateMetrics() {
        assertEquals(0.08 / 2.2, GrpoBatch.of(BATCH, 0).allIncorrectShare().share(), 1e-12);
    }

    @Test
    void aBatchWithoutAnyAdvantageHasShareZero() {
        AllIncorrectShare s = AllIncorrectShare.of(List.of(group("flat", new double[] {0, 0}, new double[] {0, 0})));
        assertEquals(0.0, s.total());
        assertEquals(0.0, s.share());
    }

    @Test
    void batchesPoolTheirSumsNotTheirRatios() {
        // batch 1: 0.08 of 2.2 ; batch 2: only the all-incorrect group, 0.08 of 0.08 → pooled 0.16 / 2.28 = 0.0701754
        AllIncorrectShare pooled = AllIncorrectShare.of(BATCH).plus(AllIncorrectShare.of(List.of(BATCH.get(1))));
        assertEquals(0.16 / 2.28, pooled.share(), 1e-12);
        assertEquals(0.0701754, pooled.share(), 1e-7);
    }
}
