package dev.progrs.scorer.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.prm.FrozenPrm;
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
}
