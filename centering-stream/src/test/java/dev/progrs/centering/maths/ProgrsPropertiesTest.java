package dev.progrs.centering.maths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** docs/method.md §§3–4 invariants over seeded random groups, for every mode, mixing and std. */
class ProgrsPropertiesTest {

    private static final int GROUPS = 600;

    private record Group(double[] outcomes, double[] scores) {
    }

    private static Group randomGroup(Random random) {
        int k = 1 + random.nextInt(16);
        double pCorrect = random.nextDouble();
        double[] r = new double[k];
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            r[i] = random.nextDouble() < pCorrect ? 1 : 0;
            // some ties on purpose: coarse grid half of the time
            b[i] = random.nextBoolean() ? random.nextDouble() : random.nextInt(5) / 4.0;
        }
        return new Group(r, b);
    }

    @Test
    void centeringKeepsTheOrderInsideEachOutcomeSet() {
        Random random = new Random(11);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            for (CenteringMode mode : CenteringMode.values()) {
                double[] c = mode.centre(g.outcomes, g.scores);
                for (int i = 0; i < c.length; i++) {
                    for (int j = 0; j < c.length; j++) {
                        if (g.outcomes[i] == g.outcomes[j]) {
                            assertEquals(Double.compare(g.scores[i], g.scores[j]), Double.compare(c[i], c[j]),
                                    mode + " reordered samples " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theStdBonusScaleKeepsTheOrderInsideEachOutcomeSet() {
        Random random = new Random(13);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            for (CenteringMode mode : CenteringMode.values()) {
                double[] c = BonusScale.STD.scale(mode.centre(g.outcomes, g.scores), mode.centredSets(g.outcomes));
                for (int i = 0; i < c.length; i++) {
                    for (int j = 0; j < c.length; j++) {
                        if (g.outcomes[i] == g.outcomes[j]) {
                            assertEquals(Double.compare(g.scores[i], g.scores[j]), Double.compare(c[i], c[j]),
                                    mode + " with bonus-scale std reordered samples " + i + "," + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void centredIncorrectBonusesSumToZeroAndASingleIncorrectGetsZero() {
        Random random = new Random(12);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            int incorrect = 0;
            int last = -1;
            for (int i = 0; i < g.outcomes.length; i++) {
                if (g.outcomes[i] == 0) {
                    incorrect++;
                    last = i;
                }
            }
            for (CenteringMode mode : new CenteringMode[] {CenteringMode.INCORRECT, CenteringMode.BOTH}) {
                double[] c = mode.centre(g.outcomes, g.scores);
                double sum = 0;
                for (int i = 0; i < c.length; i++) {
                    if (g.outcomes[i] == 0) {
                        sum += c[i];
                    }
                }
                assertEquals(0.0, sum, 1e-12, mode.name());
                if (incorrect == 1) {
                    assertEquals(0.0, c[last], 0.0, mode.name());
                }
            }
        }
    }

    @Test
    void lambdaZeroEqualsPlainGrpoForEveryMode() {
        Random random = new Random(13);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            for (StdMode std : StdMode.values()) {
                double[] grpo = std.normalise(g.outcomes);
                for (CenteringMode mode : CenteringMode.values()) {
                    for (MixingMode mixing : MixingMode.values()) {
                        for (boolean guard : new boolean[] {false, true}) {
                            AdvantageResult r = ProgrsAdvantages.compute(g.outcomes, g.scores,
                                    new CenteringConfig(mode, mixing, 0.0, std, guard));
                            assertArrayEquals(grpo, r.advantage(), 0.0);
                            assertEquals(0, r.dominanceViolations());
                        }
                    }
                }
            }
        }
    }

    @Test
    void guardLeavesNoViolationsAndScalesJustEnough() {
        Random random = new Random(14);
        int guarded = 0;
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            double lambda = random.nextDouble() * 20;
            for (StdMode std : StdMode.values()) {
                for (CenteringMode mode : CenteringMode.values()) {
                    for (MixingMode mixing : MixingMode.values()) {
                        CenteringConfig on = new CenteringConfig(mode, mixing, lambda, std, true);
                        AdvantageResult r = ProgrsAdvantages.compute(g.outcomes, g.scores, on);
                        assertEquals(0, r.dominanceViolations(), on.describe() + " " + r);
                        assertTrue(r.dominanceScale() >= 0 && r.dominanceScale() <= 1);
                        AdvantageResult off = ProgrsAdvantages.compute(g.outcomes, g.scores,
                                new CenteringConfig(mode, mixing, lambda, std, false));
                        assertEquals(off.dominanceViolations(), r.violationsBeforeGuard());
                        if (r.dominanceScale() < 1) {
                            guarded++;
                            assertTrue(off.dominanceViolations() > 0);
                            double[] above = mixing.mix(g.outcomes, r.centredBonus(),
                                    lambda * Math.min(1.0, r.dominanceScale() * (1 + 1e-6)), std);
                            assertTrue(OutcomeDominance.violations(g.outcomes, above) > 0,
                                    "scale " + r.dominanceScale() + " is not the largest for " + on.describe());
                        } else {
                            assertArrayEquals(off.advantage(), r.advantage(), 0.0);
                        }
                    }
                }
            }
        }
        assertTrue(guarded > 50, "too few groups exercised the guard: " + guarded);
    }

    @Test
    void sameOutcomeGroupsInAdvantageMixingAreDrivenByTheBonusAlone() {
        Random random = new Random(15);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            double first = g.outcomes[0];
            java.util.Arrays.fill(g.outcomes, first);
            double lambda = random.nextDouble();
            for (CenteringMode mode : CenteringMode.values()) {
                AdvantageResult r = ProgrsAdvantages.compute(g.outcomes, g.scores,
                        new CenteringConfig(mode, MixingMode.ADVANTAGE, lambda, StdMode.UNBIASED, false));
                assertTrue(r.zeroVarianceOutcome());
                for (int i = 0; i < g.scores.length; i++) {
                    assertEquals(0.0, r.outcomeAdvantage()[i], 0.0);
                    assertEquals(lambda * r.centredBonus()[i], r.advantage()[i], 1e-15);
                }
            }
        }
    }

    @Test
    void outcomeAdvantageOfMixedGroupsHasZeroMeanAndUnitBesselStd() {
        Random random = new Random(16);
        for (int n = 0; n < GROUPS; n++) {
            Group g = randomGroup(random);
            double[] a = StdMode.UNBIASED.normalise(g.outcomes);
            double mean = java.util.Arrays.stream(a).average().orElse(0);
            assertEquals(0.0, mean, 1e-12);
            boolean mixed = OutcomeSets.mixed(OutcomeSets.correct(g.outcomes));
            if (mixed) {
                double ss = java.util.Arrays.stream(a).map(x -> (x - mean) * (x - mean)).sum();
                assertEquals(1.0, Math.sqrt(ss / (a.length - 1)), 1e-5);
            }
        }
    }
}
