package dev.progrs.models.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.checkpoint.CheckpointManifest;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed PRM checkpoint {@code models/warm/prm-v0}: loads with its hash; its confidence tracks difficulty. */
class ShippedPrmTest {

    private static final Path DIR = Path.of("warm/prm-v0");

    @Test
    void theShippedPrmLoadsWithTheManifestHashAndTheDefaultLevels() {
        CheckpointManifest m = PrmCheckpoint.readManifest(DIR);
        try (FrozenPrm prm = FrozenPrm.load(DIR, Device.cpu())) {
            assertEquals(m.weightsSha256(), prm.sha256());
            assertArrayEquals(new double[] {0.1, 0.5, 0.9}, prm.quantileLevels());
            assertEquals(prm.sha256(), prm.currentWeightsSha256());
        }
    }

    /**
     * What the shipped PRM has learned: its confidence tracks difficulty (the warm policy solves 2-step
     * problems almost always and 8-step ones rarely). It does not (yet) separate a correct solution from
     * one with a single arithmetic slip of the same problem; see the model report's within-group metrics (docs/testbed.md).
     */
    @Test
    void longChainsEndWithALowerMedianThanShortOnes() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withTestSetSize(10));
        double shortChains = 0;
        double longChains = 0;
        int n = 20;
        try (FrozenPrm prm = FrozenPrm.load(DIR, Device.cpu())) {
            for (int i = 0; i < n; i++) {
                ArithmeticProblem two = suite.trainArithmetic(9_000_000L + i, 2);
                ArithmeticProblem eight = suite.trainArithmetic(9_100_000L + i, 8);
                List<double[][]> q = prm.score(List.of(
                        PrmSequence.ofText(prm.tokenizer(), two.prompt(), Arrays.asList(two.referenceSolution().split("\n"))),
                        PrmSequence.ofText(prm.tokenizer(), eight.prompt(), Arrays.asList(eight.referenceSolution().split("\n")))));
                shortChains += last(q.get(0))[1];
                longChains += last(q.get(1))[1];
            }
        }
        assertTrue(shortChains / n > longChains / n + 0.1,
                "mean final median: 2 steps " + shortChains / n + ", 8 steps " + longChains / n);
    }

    private static double[] last(double[][] q) {
        return q[q.length - 1];
    }
}
