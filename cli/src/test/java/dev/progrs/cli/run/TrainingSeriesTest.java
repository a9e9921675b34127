package dev.progrs.cli.run;

import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.tasks.arithmetic.StepRange;
import dev.progrs.models.eval.HeldOutScore;
import static dev.progrs.schemas.GroupFixtures.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.learner.loss.DualClip;
import dev.progrs.models.eval.PassAtOne;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's training series and report carry the share of Σ|A| in all-incorrect groups. */
class TrainingSeriesTest {

    // chunk 1: mixed R = (1, 0), A = (0.7, −0.7): Σ|A| = 1.4 ; all incorrect R = (0, 0), A = (0.05, −0.05): Σ|A| = 0.1
    //          share = 0.1 / 1.5 = 0.0666667
    // chunk 2: all incorrect R = (0, 0, 0), A = (0.2, −0.1, −0.1): Σ|A| = 0.4 ; all correct R = (1, 1), A = (0.1, 0.1): 0.2
    //          share = 0.4 / 0.6 = 0.6666667 ; whole run (0.1 + 0.4) / (1.5 + 0.6) = 0.5 / 2.1 = 0.2380952
    private static TrainingSeries series() {
        TrainingSeries s = new TrainingSeries(2);
        s.add(group("a", new double[] {1, 0}, new double[] {0.7, -0.7}));
        s.add(group("b", new double[] {0, 0}, new double[] {0.05, -0.05}));
        s.add(group("c", new double[] {0, 0, 0}, new double[] {0.2, -0.1, -0.1}));
        s.add(group("d", new double[] {1, 1}, new double[] {0.1, 0.1}));
        return s;
    }

    @Test
    void eachPointCarriesTheShareOfItsChunkAndTheRunPoolsItsSums() {
        TrainingSeries s = series();
        assertEquals(0.1 / 1.5, s.points().get(0).allIncorrectAdvantageShare(), 1e-12);
        assertEquals(0.4 / 0.6, s.points().get(1).allIncorrectAdvantageShare(), 1e-12);
        assertEquals(0.2380952, s.overallAllIncorrectShare(), 1e-7);
    }

    @Test
    void theReportShowsTheShareInTheTrainingSignalsAndTheCounters(@TempDir Path dir) {
        RunSettings settings = new RunSettings(dir, dir, dir, GeneratorConfig.defaults("test").withPromptsPerBatch(4), 1, new StepRange(5, 6),
                new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 5e-5f, 8, 1, 2, 1f, DualClip.DEFAULT), CenteringConfig.defaults(), false, 64, Duration.ZERO, 7, 0, Duration.ofHours(1), -1, 1);
        HeldOutScore warm = new HeldOutScore(new PassAtOne(2, 1, new TreeMap<>(Map.of(5, new int[] {1, 2}))), null, 1f, 0);
        TrainingSeries s = series();
        String md = RunReport.markdown(new RunReport.Inputs(settings, "progrs run", warm, null, 2, 10, s.points(), List.of(),
                Map.of(RunCommand.ALL_INCORRECT_SHARE, String.format(java.util.Locale.ROOT, "%.3f", s.overallAllIncorrectShare())), "",
                List.of(), null, null, 0, 0), List.of());
        assertTrue(md.contains("Σ\\|A\\| share, all-incorrect groups"), md);
        assertTrue(md.contains("| 0.00 | 0.067 |") && md.contains("| 0.667 |"), md);
        assertTrue(md.contains("| share of Σ\\|A\\| in all-incorrect groups (all groups) | 0.238 |"), md);
    }
}
