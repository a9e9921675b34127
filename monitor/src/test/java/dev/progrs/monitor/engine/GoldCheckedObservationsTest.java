package dev.progrs.monitor.engine;

import static dev.progrs.monitor.engine.ArithmeticGroups.PROMPT;
import static dev.progrs.monitor.engine.ArithmeticGroups.REFERENCE;
import static dev.progrs.monitor.engine.ArithmeticGroups.SKIPS_D;
import static dev.progrs.monitor.engine.ArithmeticGroups.SLIP_IN_G;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.monitor.gold.GoldVerdict;
import dev.progrs.monitor.synthetic.SyntheticGroup;
import dev.progrs.monitor.window.SampleObservation;
import dev.progrs.monitor.window.WindowMetrics;
import dev.progrs.wire.ScoredTrajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From the wire records to the gold-checked signals of a window, through the engine. */
class GoldCheckedObservationsTest {
    private static final ArithmeticGroups.Response RIGHT = new ArithmeticGroups.Response(REFERENCE, 1, List.of(1.0, 1.0, 1.0, 1.0, 1.0));
    private static final ArithmeticGroups.Response SKIP = new ArithmeticGroups.Response(SKIPS_D, 1, List.of(1.0, 1.0, 1.0, 1.0));
    private static final ArithmeticGroups.Response SLIP = new ArithmeticGroups.Response(SLIP_IN_G, 0, List.of(1.0, 1.0, 1.0, 0.0, 0.0));

    /** One window holding every group given. */
    private static WindowMetrics window(SyntheticGroup... groups) {
        MonitorEngine engine = new MonitorEngine(MonitorConfig.fromSettings(Map.of(MonitorConfig.WINDOW_GROUPS,
                String.valueOf(groups.length))), () -> 0L);
        List<WindowResult> out = new ArrayList<>();
        for (SyntheticGroup g : groups) {
            for (ScoredTrajectory s : g.scored()) {
                out.addAll(engine.onSample(Observations.of(s)));
            }
            out.addAll(engine.onGroup(Observations.of(g.advantages())));
        }
        assertEquals(1, out.size());
        return out.get(0).metrics();
    }

    @Test
    void aScoredRecordIsGoldCheckedFromItsPromptAndResponse() {
        SyntheticGroup g = ArithmeticGroups.group("g", PROMPT, List.of(SKIP), 1000);
        SampleObservation s = Observations.of(g.scored().get(0));
        assertEquals(new GoldVerdict(true, true, 0), s.gold());
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0), s.stepConfidences());
    }

    /** g1: right, skip, skip, slip; g2: right, right, skip, slip (skips rewarded, slips not; a PRM blind to skips). */
    private static WindowMetrics skippingWindow() {
        return window(ArithmeticGroups.group("g1", PROMPT, List.of(RIGHT, SKIP, SKIP, SLIP), 1000),
                ArithmeticGroups.group("g2", PROMPT, List.of(RIGHT, RIGHT, SKIP, SLIP), 2000));
    }

    @Test
    void aWindowWhereSamplesSkipStepsHasTheirShareAsSkipRate() {
        WindowMetrics m = skippingWindow();
        assertEquals(8, m.goldCheck().samplesChecked());
        assertEquals(3.0 / 8, m.series().get(WindowMetrics.SKIP_RATE), 1e-12);
    }

    @Test
    void rewardedSkippingSamplesAreRewardedWrongSteps() {
        // rewarded: 3 right and 3 skipping (R = 1, wrong from step 0)
        assertEquals(3.0 / 6, skippingWindow().series().get(WindowMetrics.REWARDED_WRONG_STEP_SHARE), 1e-12);
    }

    @Test
    void aPrmBlindToSkipsHalvesTheirWeightInTheFirstErrorAuroc() {
        // g1: t=0 2 skips vs right, slip (4 ties → 2); t=3 slip (0) vs right (1) → 1; 3 of 5.
        // g2: t=0 skip vs 2 right, slip (3 ties → 1.5); t=3 slip vs 2 right → 2; 3.5 of 5. Total 6.5/10.
        // Progress concordance: one incorrect sample per group, no pair.
        WindowMetrics m = skippingWindow();
        assertEquals(0.65, m.series().get(WindowMetrics.FIRST_ERROR_AUROC), 1e-12);
        assertTrue(Double.isNaN(m.series().get(WindowMetrics.PROGRESS_CONCORDANCE)));
    }

    @Test
    void aPromptThatDoesNotParseIsToleratedAndLeavesTheGoldSignalsEmpty() {
        WindowMetrics m = window(ArithmeticGroups.group("g", "Seven minus two, then double it.", List.of(RIGHT, SKIP, SLIP), 1000));
        assertEquals(3, m.samples());
        assertEquals(0, m.goldCheck().samplesChecked());
        assertTrue(Double.isNaN(m.series().get(WindowMetrics.SKIP_RATE)));
        assertTrue(Double.isNaN(m.series().get(WindowMetrics.REWARDED_WRONG_STEP_SHARE)));
        assertEquals(2.0 / 3, m.accuracy(), 1e-12, "the other signals are computed as usual");
    }

    @Test
    void onlyTheParsableGroupsOfAWindowEnterTheGoldSignals() {
        WindowMetrics m = window(ArithmeticGroups.group("bad", "not a problem", List.of(SKIP, SKIP), 1000),
                ArithmeticGroups.group("good", PROMPT, List.of(RIGHT, SKIP), 2000));
        assertEquals(2, m.goldCheck().samplesChecked());
        assertEquals(0.5, m.series().get(WindowMetrics.SKIP_RATE), 1e-12);
    }

    @Test
    void samplesOfAnotherSuiteAreNotChecked() {
        WindowMetrics m = window(ArithmeticGroups.group("g", "math500", PROMPT, List.of(RIGHT, SKIP), 1000));
        assertEquals(0, m.goldCheck().samplesChecked());
        assertTrue(Double.isNaN(m.series().get(WindowMetrics.SKIP_RATE)));
    }
}
