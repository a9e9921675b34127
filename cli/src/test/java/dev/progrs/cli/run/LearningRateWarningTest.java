package dev.progrs.cli.run;

import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.stage.settings.InvalidSettingException;
import dev.progrs.tasks.arithmetic.StepRange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.centering.maths.BonusScale;
import dev.progrs.cli.CommandRun;
import dev.progrs.learner.loss.DualClip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --lr} above 2e-4 is a warning, not a refusal, for {@code progrs run} and {@code progrs experiment}; ≤ 0 and non-finite stay refused. */
class LearningRateWarningTest {

    private static RunSettings run(float lr) {
        Path dir = Path.of("unused");
        return new RunSettings(dir, dir, dir, GeneratorConfig.defaults("test").withPromptsPerBatch(4), 1, new StepRange(5, 6),
                new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, lr, 8, 1, 2, 1f, DualClip.DEFAULT), CenteringConfig.defaults(), false, 0, Duration.ofMinutes(1), 7, 0, Duration.ofMinutes(1), -1, 1);
    }

    private static dev.progrs.experiment.ExperimentPlan plan(float lr) {
        return new dev.progrs.experiment.ExperimentPlan(Path.of("warm"), Map.of("default", Path.of("prm")),
                List.of(new dev.progrs.experiment.ExperimentArm(dev.progrs.experiment.ExperimentVariant.PROGRS, "default", List.of(4), 1)),
                List.of(4), List.of(1L), 64, 32, 1, 16, 2, 5, 6, 4, 7, lr, 2, 1f,
                0.1, DualClip.DEFAULT, BonusScale.RAW);
    }

    @Test
    void runAcceptsALearningRateAboveTwoEMinusFourWithAWarningThatNamesTheValueAndWhy() {
        List<String> warnings = run(3e-4f).warnings();
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("--lr 3.0E-4 is above 2e-4: small policies collapse at high RL learning rates in the "
                + "project's measurements"), warnings.get(0));
        assertEquals(List.of(), run(2e-4f).warnings());
    }

    @Test
    void experimentAcceptsALearningRateAboveTwoEMinusFourWithTheSameWarning() {
        assertEquals(run(3e-4f).warnings(), plan(3e-4f).warnings());
        assertEquals(List.of(), plan(2e-4f).warnings());
    }

    @Test
    void aLearningRateThatIsNotPositiveAndFiniteIsStillRefused() {
        for (float lr : new float[] {0f, -1e-5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            CommandRun r = CommandRun.of("run", "--lr", Float.toString(lr), "--data-dir", "unused-data-dir", "--bootstrap-servers", "127.0.0.1:1");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("Invalid value '" + lr + "' for configuration 'lr': accepted a finite number > 0"), r.err());
            var e = assertThrows(InvalidSettingException.class, () -> plan(lr));
            assertEquals("Invalid value '" + lr + "' for configuration '--lr': accepted a finite number > 0", e.getMessage());
            assertEquals("--lr", e.key());
        }
    }

    @Test
    void experimentPrintsTheWarningBeforeItLooksForTheWarmPolicy(@TempDir Path dir) {
        CommandRun r = CommandRun.of("experiment", "--lr", "3e-4", "--out", dir.toString(), "--warm-policy",
                dir.resolve("missing").toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("warning: --lr 3.0E-4 is above 2e-4: small policies collapse at high RL learning rates"), r.err());
        assertTrue(r.err().contains("--warm-policy: checkpoint directory"), r.err());
    }
}
