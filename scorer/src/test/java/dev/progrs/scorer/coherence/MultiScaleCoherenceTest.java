package dev.progrs.scorer.coherence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiScaleCoherenceTest {

    private static final double TOL = 1e-12;
    private static final CoherenceConfig DEFAULTS = CoherenceConfig.defaults();

    @Test
    void windowCoherenceOfTwoStepsMatchesHandComputation() {
        // p = (0.2, 0.6): µ = 0.4, σ = sqrt(((−0.2)² + 0.2²)/2) = 0.2 (population std)
        // c = 0.4·exp(−1·0.2/(0.4 + 1e−6)) = 0.4·exp(−0.4999988) = 0.242612567...
        double c = MultiScaleCoherence.windowCoherence(new double[] {0.2, 0.6}, 0, 2, 1.0);
        assertEquals(0.4 * Math.exp(-0.2 / 0.400001), c, TOL);
        assertEquals(0.2426125671, c, 1e-9);
    }

    @Test
    void windowCoherenceUsesPopulationNotSampleStd() {
        // p = (0.2, 0.4, 0.6): µ = 0.4, Σ(p−µ)² = 0.04 + 0 + 0.04 = 0.08
        // population σ = sqrt(0.08/3) = 0.163299316; the sample std would be sqrt(0.08/2) = 0.2
        // c = 0.4·exp(−0.163299316/0.400001) = 0.265925788
        double c = MultiScaleCoherence.windowCoherence(new double[] {0.2, 0.4, 0.6}, 0, 3, 1.0);
        assertEquals(0.2659257880, c, 1e-9);
        assertNotEquals(0.4 * Math.exp(-0.2 / 0.400001), c, 1e-6);
    }

    @Test
    void lambdaVarScalesThePenaltyInTheExponent() {
        // λ_var = 2 on p = (0.2, 0.6): c = 0.4·exp(−2·0.2/0.400001) = 0.4·exp(−0.999997...) = 0.147151...
        double c = MultiScaleCoherence.windowCoherence(new double[] {0.2, 0.6}, 0, 2, 2.0);
        assertEquals(0.4 * Math.exp(-0.4 / 0.400001), c, TOL);
        assertEquals(0.14715236, c, 1e-6);
    }

    @Test
    void noStepsGiveZeroEverywhere() {
        CoherenceScores s = MultiScaleCoherence.evaluate(new double[0], DEFAULTS);
        assertEquals(0.0, s.processScore());
        assertEquals(List.of(2, 4, 8), s.windows().stream().map(CoherenceScores.WindowValue::windowSize).toList());
        s.windows().forEach(w -> assertEquals(0.0, w.value()));
    }

    @Test
    void oneStepGivesItsConfidence() {
        // T = 1: b = p_1 = 0.7; every C_W is one window of one step: µ = 0.7, σ = 0, c = 0.7
        CoherenceScores s = MultiScaleCoherence.evaluate(new double[] {0.7}, DEFAULTS);
        assertEquals(0.7, s.processScore(), TOL);
        s.windows().forEach(w -> assertEquals(0.7, w.value(), TOL));
        for (ProcessScoreMode mode : ProcessScoreMode.values()) {
            CoherenceConfig config = new CoherenceConfig(List.of(2, 4, 8), 1.0, Windowing.PARTITION, mode);
            assertEquals(0.7, MultiScaleCoherence.evaluate(new double[] {0.7}, config).processScore(), TOL, mode.name());
        }
    }

    @Test
    void threeStepsAreOneWindowForEveryDefaultSize() {
        // T = 3: W = 2 → ⌊3/2⌋ = 1 window [p1..p3] (the trailing single step is merged);
        // W = 4, 8 → T < W → one window of all 3 steps. So C_2 = C_4 = C_8 = c(0.2,0.4,0.6) = 0.265925788 = b.
        CoherenceScores s = MultiScaleCoherence.evaluate(new double[] {0.2, 0.4, 0.6}, DEFAULTS);
        for (int w : new int[] {2, 4, 8}) {
            assertEquals(0.2659257880, s.valueOf(w), 1e-9, "W=" + w);
        }
        assertEquals(0.2659257880, s.processScore(), 1e-9);
    }

    @Test
    void eightStepsMatchHandComputationForEachWindowSize() {
        double[] p = {0.9, 0.7, 0.8, 0.6, 0.5, 0.9, 0.4, 0.8};
        // W = 2: (0.9,0.7) µ=.8 σ=.1 → .8·e^(−.1/.800001) = 0.705998
        //        (0.8,0.6) µ=.7 σ=.1 → .7·e^(−.1/.700001) = 0.606815
        //        (0.5,0.9) µ=.7 σ=.2 → .7·e^(−.2/.700001) = 0.526034
        //        (0.4,0.8) µ=.6 σ=.2 → .6·e^(−.2/.600001) = 0.429919
        //        C_2 = (0.705998 + 0.606815 + 0.526034 + 0.429919)/4 = 0.567191
        double c2 = (0.8 * Math.exp(-0.1 / 0.800001) + 0.7 * Math.exp(-0.1 / 0.700001)
                + 0.7 * Math.exp(-0.2 / 0.700001) + 0.6 * Math.exp(-0.2 / 0.600001)) / 4;
        // W = 4: (0.9,0.7,0.8,0.6) µ=.75, Σd² = .0225+.0025+.0025+.0225 = .05, σ = sqrt(.05/4) = 0.111803
        //        → .75·e^(−.111803/.750001) = 0.646131
        //        (0.5,0.9,0.4,0.8) µ=.65, Σd² = .0225+.0625+.0625+.0225 = .17, σ = sqrt(.17/4) = 0.206155
        //        → .65·e^(−.206155/.650001) = 0.473339 ;  C_4 = (0.646131 + 0.473339)/2 = 0.559735
        double c4 = (0.75 * Math.exp(-Math.sqrt(0.05 / 4) / 0.750001)
                + 0.65 * Math.exp(-Math.sqrt(0.17 / 4) / 0.650001)) / 2;
        // W = 8: one window, µ = 5.6/8 = .7, Σd² = .04+0+.01+.01+.04+.04+.09+.01 = .24, σ = sqrt(.03) = 0.173205
        //        → C_8 = .7·e^(−.173205/.700001) = 0.546560
        double c8 = 0.7 * Math.exp(-Math.sqrt(0.03) / 0.700001);
        CoherenceScores s = MultiScaleCoherence.evaluate(p, DEFAULTS);
        assertEquals(c2, s.valueOf(2), 1e-12);
        assertEquals(c4, s.valueOf(4), 1e-12);
        assertEquals(c8, s.valueOf(8), 1e-12);
        assertEquals(0.5671914078, c2, 1e-9);
        assertEquals(0.5597347539, c4, 1e-9);
        assertEquals(0.5465604196, c8, 1e-9);
        // b = (C_2 + C_4 + C_8)/3 = (0.567191 + 0.559735 + 0.546560)/3 = 0.557829
        assertEquals((c2 + c4 + c8) / 3, s.processScore(), 1e-12);
        assertEquals(0.5578288604, s.processScore(), 1e-9);
    }

    @Test
    void elevenStepsMergeTheTrailingWindow() {
        double[] p = {0.6, 0.6, 0.6, 0.6, 0.3, 0.5, 0.3, 0.5, 0.3, 0.5, 0.4};
        // W = 2: ⌊11/2⌋ = 5 windows: (.6,.6) (.6,.6) (.3,.5) (.3,.5) (.3,.5,.4) — the last has 3 steps
        //   c = .6, .6, .4·e^(−.1/.400001) (×2), and for (.3,.5,.4): µ=.4, σ=sqrt(.02/3) → .4·e^(−sqrt(.02/3)/.400001)
        double c2 = (0.6 + 0.6 + 2 * 0.4 * Math.exp(-0.1 / 0.400001)
                + 0.4 * Math.exp(-Math.sqrt(0.02 / 3) / 0.400001)) / 5;
        // W = 4: ⌊11/4⌋ = 2 windows: (.6,.6,.6,.6) → .6 ; (.3,.5,.3,.5,.3,.5,.4) (7 steps, 3 merged)
        //   µ = 2.8/7 = .4, Σd² = 6·.01 = .06, σ = sqrt(.06/7) → .4·e^(−sqrt(.06/7)/.400001)
        double c4 = (0.6 + 0.4 * Math.exp(-Math.sqrt(0.06 / 7) / 0.400001)) / 2;
        // W = 8: ⌊11/8⌋ = 1 window of all 11 steps: µ = 5.2/11; Σd² = Σp² − 11µ² = 2.62 − 5.2²/11
        double mu = 5.2 / 11;
        double sigma = Math.sqrt((2.62 - 5.2 * 5.2 / 11) / 11);
        double c8 = mu * Math.exp(-sigma / (mu + 1e-6));
        CoherenceScores s = MultiScaleCoherence.evaluate(p, DEFAULTS);
        assertEquals(c2, s.valueOf(2), 1e-12);
        assertEquals(c4, s.valueOf(4), 1e-12);
        assertEquals(c8, s.valueOf(8), 1e-9);
        assertEquals((c2 + c4 + c8) / 3, s.processScore(), 1e-9);
    }

    @Test
    void partitionWindowsFollowTheMergeRule() {
        assertArrayEquals(new int[][] {{0, 4}, {4, 11}}, Windowing.PARTITION.windows(11, 4));
        assertArrayEquals(new int[][] {{0, 2}, {2, 4}, {4, 7}}, Windowing.PARTITION.windows(7, 2));
        assertArrayEquals(new int[][] {{0, 3}}, Windowing.PARTITION.windows(3, 8));
        assertArrayEquals(new int[][] {{0, 8}}, Windowing.PARTITION.windows(8, 8));
        assertArrayEquals(new int[][] {{0, 15}}, Windowing.PARTITION.windows(15, 8));
        assertArrayEquals(new int[0][], Windowing.PARTITION.windows(0, 2));
    }

    @Test
    void slidingWindowsOverlapByAllButOneStep() {
        assertArrayEquals(new int[][] {{0, 2}, {1, 3}, {2, 4}}, Windowing.SLIDING.windows(4, 2));
        assertArrayEquals(new int[][] {{0, 3}}, Windowing.SLIDING.windows(3, 8));
        assertArrayEquals(new int[0][], Windowing.SLIDING.windows(0, 2));
    }

    @Test
    void slidingAndPartitionDifferWhenWindowsOverlap() {
        double[] p = {0.2, 0.6, 0.6, 0.2};
        // partition W=2: (.2,.6) (.6,.2): both µ=.4 σ=.2 → C_2 = .4·e^(−.2/.400001) = 0.242613
        // sliding  W=2: (.2,.6) (.6,.6) (.6,.2) → C_2 = (2·0.242613 + 0.6)/3 = 0.361742
        double partition = MultiScaleCoherence.coherence(p, 2, 1.0, Windowing.PARTITION);
        double sliding = MultiScaleCoherence.coherence(p, 2, 1.0, Windowing.SLIDING);
        assertEquals(0.4 * Math.exp(-0.2 / 0.400001), partition, TOL);
        assertEquals((2 * 0.4 * Math.exp(-0.2 / 0.400001) + 0.6) / 3, sliding, TOL);
    }

    @Test
    void slidingAndPartitionAgreeWhenThereIsOnlyOneWindowOrSizeOne() {
        double[] p = {0.2, 0.9, 0.5};
        for (int w : new int[] {3, 4, 8}) {
            assertEquals(MultiScaleCoherence.coherence(p, w, 1.0, Windowing.PARTITION),
                    MultiScaleCoherence.coherence(p, w, 1.0, Windowing.SLIDING), TOL, "W=" + w);
        }
        // W = 1: every window is one step with σ = 0, so C_1 = mean p in both modes = 1.6/3
        assertEquals(1.6 / 3, MultiScaleCoherence.coherence(p, 1, 1.0, Windowing.PARTITION), TOL);
        assertEquals(1.6 / 3, MultiScaleCoherence.coherence(p, 1, 1.0, Windowing.SLIDING), TOL);
    }

    @Test
    void constantConfidencesGiveTheirValue() {
        for (int steps : new int[] {2, 3, 5, 8, 11, 17}) {
            double[] p = new double[steps];
            java.util.Arrays.fill(p, 0.65);
            for (Windowing windowing : Windowing.values()) {
                CoherenceConfig config = new CoherenceConfig(List.of(2, 4, 8), 1.0, windowing, ProcessScoreMode.COHERENCE);
                CoherenceScores s = MultiScaleCoherence.evaluate(p, config);
                s.windows().forEach(w -> assertEquals(0.65, w.value(), 1e-12));
                assertEquals(0.65, s.processScore(), 1e-12, "T=" + steps + " " + windowing);
            }
        }
    }

    @Test
    void moreVolatileSequenceWithSameMeanScoresLower() {
        double[] steady = {0.6, 0.5, 0.6, 0.5, 0.6, 0.5, 0.6, 0.5};
        double[] volatileSeq = {0.9, 0.2, 0.9, 0.2, 0.9, 0.2, 0.9, 0.2};
        // both have mean 0.55
        double bSteady = MultiScaleCoherence.evaluate(steady, DEFAULTS).processScore();
        double bVolatile = MultiScaleCoherence.evaluate(volatileSeq, DEFAULTS).processScore();
        assertTrue(bVolatile < bSteady, bVolatile + " !< " + bSteady);
        assertTrue(bSteady < 0.55);
    }

    @Test
    void zeroLambdaVarGivesMeanOfWindowMeans() {
        double[] p = {0.9, 0.7, 0.8, 0.6, 0.5, 0.9, 0.4, 0.8};
        CoherenceConfig config = new CoherenceConfig(List.of(2, 4, 8), 0.0, Windowing.PARTITION, ProcessScoreMode.COHERENCE);
        // equal-size windows, no penalty: every C_W is the overall mean 5.6/8 = 0.7
        assertEquals(0.7, MultiScaleCoherence.evaluate(p, config).processScore(), 1e-12);
    }

    @Test
    void prmAblationModesUseTheRawConfidences() {
        double[] p = {0.9, 0.7, 0.8, 0.6, 0.5};
        assertEquals(3.5 / 5, score(p, ProcessScoreMode.PRM_MEAN), TOL);
        assertEquals(0.5, score(p, ProcessScoreMode.PRM_MIN), TOL);
        assertEquals(0.5, score(new double[] {0.9, 0.5, 0.7}, ProcessScoreMode.PRM_MIN), TOL);
        assertEquals(0.7, score(new double[] {0.9, 0.5, 0.7}, ProcessScoreMode.PRM_LAST), TOL);
        for (ProcessScoreMode mode : ProcessScoreMode.values()) {
            assertEquals(0.0, score(new double[0], mode), mode.name());
        }
    }

    @Test
    void processScoreStaysInsideUnitIntervalOnRandomInputs() {
        Random random = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            double[] p = new double[random.nextInt(20)];
            for (int t = 0; t < p.length; t++) {
                p[t] = random.nextDouble();
            }
            for (Windowing windowing : Windowing.values()) {
                CoherenceConfig config = new CoherenceConfig(List.of(2, 4, 8), 1.0, windowing, ProcessScoreMode.COHERENCE);
                CoherenceScores s = MultiScaleCoherence.evaluate(p, config);
                assertTrue(s.processScore() >= 0.0 && s.processScore() <= 1.0, String.valueOf(s.processScore()));
                // the penalty only ever lowers a window below its mean, so b <= max p
                double max = java.util.Arrays.stream(p).max().orElse(0.0);
                assertTrue(s.processScore() <= max + 1e-12);
            }
        }
    }

    @Test
    void nonFiniteConfidenceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiScaleCoherence.evaluate(new double[] {0.5, Double.NaN}, DEFAULTS));
        assertTrue(e.getMessage().contains("p_2"), e.getMessage());
    }

    private static double score(double[] p, ProcessScoreMode mode) {
        return MultiScaleCoherence.evaluate(p, new CoherenceConfig(List.of(2, 4, 8), 1.0, Windowing.PARTITION, mode))
                .processScore();
    }
}
