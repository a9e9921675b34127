package dev.progrs.scorer.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmGroup;
import dev.progrs.models.prm.PrmSequence;
import dev.progrs.models.prm.ProcessRewardModel;
import dev.progrs.scorer.coherence.CoherenceConfig;
import dev.progrs.scorer.coherence.MultiScaleCoherence;
import dev.progrs.scorer.coherence.StepConfidence;
import dev.progrs.scorer.fixtures.ScorerFixtures;
import dev.progrs.wire.ScoredTrajectory;
import dev.progrs.wire.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrajectoryScorerTest {

    @TempDir
    static Path dir;
    private static FrozenPrm prm;

    @BeforeAll
    static void setUp() throws Exception {
        prm = FrozenPrm.load(ScorerFixtures.tinyPrm(dir.resolve("prm"), 3), Device.cpu());
    }

    @AfterAll
    static void tearDown() {
        prm.close();
    }

    private static TrajectoryScorer scorer(int batchSize) {
        return new TrajectoryScorer(prm, StepConfidence.median(), CoherenceConfig.defaults(), "test", batchSize, () -> 42L);
    }

    private static List<Trajectory> trajectories(int n) {
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ScorerFixtures.trajectory("g-" + i / 4, i % 4, i, 2 + i % 7));
        }
        return out;
    }

    @Test
    void everyStepGetsQuantilesAndTheRecordCarriesConfidencesCoherenceAndTheHash() {
        List<Trajectory> in = trajectories(5);
        List<TrajectoryScorer.Result> out = scorer(16).score(in);
        for (int i = 0; i < in.size(); i++) {
            ScoredTrajectory s = out.get(i).scored();
            assertNotNull(s, out.get(i).error());
            int steps = in.get(i).getSteps().size();
            assertEquals(steps, s.getStepQuantiles().size());
            assertEquals(List.of(0.1, 0.5, 0.9), s.getQuantileLevels());
            double[] p = new double[steps];
            for (int t = 0; t < steps; t++) {
                List<Double> q = s.getStepQuantiles().get(t);
                assertTrue(q.get(0) <= q.get(1) && q.get(1) <= q.get(2));
                assertEquals(q.get(1), s.getStepConfidences().get(t), 0.0);
                p[t] = q.get(1);
            }
            var expected = MultiScaleCoherence.evaluate(p, CoherenceConfig.defaults());
            assertEquals(expected.processScore(), s.getProcessScore(), 1e-12);
            assertEquals(3, s.getCoherence().size());
            assertEquals(prm.sha256(), s.getPrmCheckpointSha256());
            assertEquals(in.get(i), s.getTrajectory());
        }
    }

    @Test
    void batchedScoringEqualsOneAtATime() {
        List<Trajectory> in = trajectories(9);
        List<TrajectoryScorer.Result> batched = scorer(16).score(in);
        List<TrajectoryScorer.Result> single = scorer(1).score(in);
        for (int i = 0; i < in.size(); i++) {
            List<Double> a = batched.get(i).scored().getStepConfidences();
            List<Double> b = single.get(i).scored().getStepConfidences();
            for (int t = 0; t < a.size(); t++) {
                assertEquals(b.get(t), a.get(t), 1e-5);
            }
        }
    }

    @Test
    void boundariesFromStepTokenEndsEqualThoseFromNewlines() {
        Trajectory t = ScorerFixtures.trajectory("g", 0, 7, 6);
        Trajectory noEnds = Trajectory.newBuilder(t).setStepTokenEnds(List.of()).build();
        List<TrajectoryScorer.Result> r = scorer(4).score(List.of(t, noEnds));
        assertEquals(r.get(0).scored().getStepQuantiles(), r.get(1).scored().getStepQuantiles());
    }

    @Test
    void anUnscorableTrajectoryFailsAloneWithItsReason() {
        Trajectory good = ScorerFixtures.trajectory("g", 0, 1, 3);
        List<Integer> badIds = new ArrayList<>(good.getResponseTokenIds());
        badIds.set(2, 999);
        Trajectory badToken = Trajectory.newBuilder(good).setResponseTokenIds(badIds).build();
        Trajectory badSteps = Trajectory.newBuilder(good).setStepTokenEnds(List.of(3)).build();
        List<TrajectoryScorer.Result> r = scorer(16).score(List.of(badToken, good, badSteps));
        assertNull(r.get(0).scored());
        assertTrue(r.get(0).error().contains("999"), r.get(0).error());
        assertNotNull(r.get(1).scored());
        assertTrue(r.get(2).error().contains("1 step boundaries for 4 steps"), r.get(2).error());
    }

    private static TrajectoryScorer plain(ProcessRewardModel model, int batchSize) {
        return new TrajectoryScorer(model, StepConfidence.median(), CoherenceConfig.defaults(), "test", batchSize, false, () -> 42L);
    }

    /** Three groups of 8 sharing a prompt each (one cut short to 5 in the batch), two loners, one broken trajectory. */
    /**
     * Groups in the shipped PRM's own suite (v1): per group one problem, sample 0 its reference solution,
     * sample s a slip at step s (the shipped PRM is trained on v1 text; v0's layout is foreign to it).
     */
    private static List<Trajectory> v1GroupedBatch() {
        dev.progrs.tasks.arithmetic.ArithmeticSuite v1 = new dev.progrs.tasks.arithmetic.ArithmeticSuite(
                dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig.v1());
        List<Trajectory> in = new ArrayList<>();
        int[][] groups = {{21, 5}, {22, 6}, {23, 4}};
        for (int[] g : groups) {
            var p = v1.trainArithmetic(g[0], g[1]);
            var problem = v1.toProblem(p, "train", "s" + g[1] + "/" + g[0]);
            for (int s = 0; s <= g[1]; s++) {
                String solution = s == 0 ? p.referenceSolution() : dev.progrs.tasks.arithmetic.FlawedSolutions.slip(p, s, 1).solution();
                in.add(Trajectory.newBuilder(ScorerFixtures.trajectory(problem, solution, s == 0, "v1-" + g[0], s))
                        .setGroupSize(g[1] + 1).build());
            }
        }
        return in;
    }

    private static List<Trajectory> groupedBatch() {
        List<Trajectory> in = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            in.add(ScorerFixtures.groupTrajectory("g-a", s, 11, 6));
            in.add(ScorerFixtures.groupTrajectory("g-b", s, 12, 4));
            if (s < 5) {
                in.add(ScorerFixtures.groupTrajectory("g-c", s, 13, 8));
            }
        }
        in.add(ScorerFixtures.groupTrajectory("g-d", 0, 14, 3));
        in.add(ScorerFixtures.trajectory("g-e", 1, 15, 5));
        Trajectory good = ScorerFixtures.groupTrajectory("g-a", 9, 11, 6);
        in.add(3, Trajectory.newBuilder(good).setStepTokenEnds(List.of(3)).build());
        return in;
    }

    private static void assertSameScores(List<TrajectoryScorer.Result> expected, List<TrajectoryScorer.Result> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            ScoredTrajectory e = expected.get(i).scored();
            ScoredTrajectory a = actual.get(i).scored();
            if (e == null) {
                assertNull(a, "trajectory " + i + " should fail");
                assertEquals(expected.get(i).error(), actual.get(i).error());
                continue;
            }
            assertNotNull(a, actual.get(i).error());
            assertEquals(e.getTrajectory(), a.getTrajectory());
            assertEquals(e.getStepQuantiles().size(), a.getStepQuantiles().size());
            for (int t = 0; t < e.getStepQuantiles().size(); t++) {
                for (int k = 0; k < e.getStepQuantiles().get(t).size(); k++) {
                    assertEquals(e.getStepQuantiles().get(t).get(k), a.getStepQuantiles().get(t).get(k), 1e-5,
                            "trajectory " + i + " step " + t + " level " + k);
                }
            }
            assertEquals(e.getProcessScore(), a.getProcessScore(), 1e-5, "process score of trajectory " + i);
        }
    }

    @Test
    void groupSharedScoringEqualsOneAtATime() {
        List<Trajectory> in = groupedBatch();
        assertSameScores(plain(prm, 1).score(in), scorer(16).score(in));
        assertSameScores(plain(prm, 1).score(in), scorer(4).score(in));
    }

    @Test
    void wholeGroupsArePackedIntoSharedPassesAndLonersTakeThePlainPath() {
        CountingPrm counting = new CountingPrm(prm);
        new TrajectoryScorer(counting, StepConfidence.median(), CoherenceConfig.defaults(), "test", 16, () -> 42L).score(groupedBatch());
        // g-a (8 scorable) + g-b (8) fill one pass of 16, g-c (5) a second; g-d and g-e are alone in their groups.
        assertEquals(List.of(List.of(8, 8), List.of(5)), counting.groupPasses);
        assertEquals(List.of(2), counting.plainPasses);
    }

    /** Delegates and records the shape of every pass that succeeded. */
    private static final class CountingPrm implements ProcessRewardModel {
        private final ProcessRewardModel inner;
        final List<List<Integer>> groupPasses = new ArrayList<>();
        final List<Integer> plainPasses = new ArrayList<>();

        CountingPrm(ProcessRewardModel inner) {
            this.inner = inner;
        }

        @Override
        public List<double[][]> score(List<PrmSequence> sequences) {
            List<double[][]> q = inner.score(sequences); // recorded only if it succeeded: a failed pass is retried alone
            plainPasses.add(sequences.size());
            return q;
        }

        @Override
        public List<double[][]> scoreGroups(List<PrmGroup> groups) {
            List<double[][]> q = inner.scoreGroups(groups);
            groupPasses.add(groups.stream().map(PrmGroup::size).toList());
            return q;
        }

        @Override
        public double[] quantileLevels() {
            return inner.quantileLevels();
        }

        @Override
        public dev.progrs.models.tokenizer.CharTokenizer tokenizer() {
            return inner.tokenizer();
        }

        @Override
        public int context() {
            return inner.context();
        }

        @Override
        public String sha256() {
            return inner.sha256();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void groupSharedScoringWithTheShippedPrmEqualsOneAtATime() {
        try (FrozenPrm shipped = FrozenPrm.load(Path.of("../models/warm/prm-v1"), Device.cpu())) {
            List<Trajectory> in = v1GroupedBatch();
            List<TrajectoryScorer.Result> alone = plain(shipped, 1).score(in);
            assertSameScores(alone, new TrajectoryScorer(shipped, StepConfidence.median(), CoherenceConfig.defaults(), "test", 16,
                    () -> 42L).score(in));
            double min = 1;
            double max = 0;
            for (TrajectoryScorer.Result r : alone) {
                if (r.scored() != null) {
                    min = Math.min(min, r.scored().getProcessScore());
                    max = Math.max(max, r.scored().getProcessScore());
                }
            }
            assertTrue(max - min > 0.05, "the shipped PRM should tell these trajectories apart: process scores " + min + ".." + max);
        }
    }
}
