package dev.progrs.monitor.window;

import static dev.progrs.monitor.window.Windows.checked;
import static dev.progrs.monitor.window.Windows.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.gold.GoldVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gold-checked signals against windows computed by hand. */
class GoldCheckSignalsTest {
    private static final double EPS = 1e-12;
    private static final GoldVerdict RIGHT = verdict(false, -1);

    private static JoinedGroup group(String id, SampleObservation... samples) {
        return Windows.group(id, List.of(samples), new double[samples.length], false, 0, 5000);
    }

    @Test
    void skipRateIsTheShareOfCheckedSamplesThatSkipAStep() {
        // A: skip, right, slip, skip; B: skip, right, not checked → 3 skipping of 6 checked (3/7 if the
        // unchecked sample counted)
        GoldCheckSignals s = GoldCheckSignals.of(List.of(
                group("A", checked("A", 0, 1, 1, verdict(true, 0)), checked("A", 1, 1, 1, RIGHT),
                        checked("A", 2, 0, 0.5, verdict(false, 3)), checked("A", 3, 1, 1, verdict(true, 1))),
                group("B", checked("B", 0, 0, 1, verdict(true, 2)), checked("B", 1, 1, 1, RIGHT),
                        checked("B", 2, 1, 1, GoldVerdict.NOT_CHECKED))));
        assertEquals(6, s.samplesChecked());
        assertEquals(0.5, s.skipRate(), EPS);
    }

    @Test
    void rewardedWrongStepShareCountsLuckyCorrectSamplesAmongTheRewarded() {
        // rewarded and checked: A0 (skip, wrong from 0), A1 (right), A3 (an extra line, wrong from 4), B1 (right);
        // A2 has a wrong step but R = 0; B2 is rewarded but not checked → 2 of 4
        GoldCheckSignals s = GoldCheckSignals.of(List.of(
                group("A", checked("A", 0, 1, 1, verdict(true, 0)), checked("A", 1, 1, 1, RIGHT),
                        checked("A", 2, 0, 0.5, verdict(false, 3)), checked("A", 3, 1, 0.9, verdict(false, 4))),
                group("B", checked("B", 0, 0, 0.2, verdict(false, 1)), checked("B", 1, 1, 1, RIGHT),
                        checked("B", 2, 1, 1, GoldVerdict.NOT_CHECKED))));
        assertEquals(0.5, s.rewardedWrongStepShare(), EPS);
    }

    @Test
    void firstErrorAurocAndProgressConcordanceMatchTheHandComputedGroup() {
        // s0 right throughout; s1 wrong from 1, s2 from 0, s3 from 2 (all R = 0).
        // first-error AUROC, cells (G, t): t=0 pos s2 (.4) vs neg s0 .9, s1 .9, s3 .8 → 3/3;
        // t=1 pos s1 (.3) vs s0 .8, s3 .7 → 2/2; t=2 pos s3 (.95) vs s0 .9 → 0/1; total 5/6.
        // progress concordance over (e_i < e_j): (s2, s1) .4 > .2 ✓, (s2, s3) .3 > .2 ✓, (s1, s3) .3 > .4 ✗ → 2/3
        GoldCheckSignals s = GoldCheckSignals.of(List.of(group("G",
                checked("G", 0, 1, 0.9, RIGHT, 0.9, 0.8, 0.9),
                checked("G", 1, 0, 0.4, verdict(false, 1), 0.9, 0.3, 0.2),
                checked("G", 2, 0, 0.2, verdict(false, 0), 0.4, 0.3, 0.1),
                checked("G", 3, 0, 0.3, verdict(false, 2), 0.8, 0.7, 0.95))));
        assertEquals(5.0 / 6, s.firstErrorAuroc(), EPS);
        assertEquals(2.0 / 3, s.progressConcordance(), EPS);
    }

    @Test
    void aPrmBlindToASkippedStepScoresItLikeARightStep() {
        // the biased PRM gives the skipped line full confidence: the only cell (G, 0) is a tie → 1/2
        GoldCheckSignals s = GoldCheckSignals.of(List.of(group("G",
                checked("G", 0, 1, 1, RIGHT, 1.0, 1.0, 1.0, 1.0, 1.0),
                checked("G", 1, 1, 1, verdict(true, 0), 1.0, 1.0, 1.0, 1.0))));
        assertEquals(0.5, s.firstErrorAuroc(), EPS);
    }

    @Test
    void samplesOfDifferentGroupsAreNeverCompared() {
        // A has only a sample wrong from step 0, B only a right one: no cell holds both
        GoldCheckSignals s = GoldCheckSignals.of(List.of(
                group("A", checked("A", 0, 0, 0.1, verdict(false, 0), 0.1)),
                group("B", checked("B", 0, 1, 0.9, RIGHT, 0.9))));
        assertTrue(Double.isNaN(s.firstErrorAuroc()));
        assertTrue(Double.isNaN(s.progressConcordance()));
    }

    @Test
    void aWindowWithoutCheckedSamplesHasNoGoldValues() {
        GoldCheckSignals s = GoldCheckSignals.of(List.of(group("A",
                new SampleObservation("A", 0, 1, 0.5, java.util.Map.of(), 10, 0, 1000))));
        assertEquals(0, s.samplesChecked());
        assertTrue(Double.isNaN(s.skipRate()));
        assertTrue(Double.isNaN(s.rewardedWrongStepShare()));
        assertTrue(Double.isNaN(s.firstErrorAuroc()));
        assertTrue(Double.isNaN(s.progressConcordance()));
    }
}
