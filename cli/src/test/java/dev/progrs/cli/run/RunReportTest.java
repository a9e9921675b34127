package dev.progrs.cli.run;

import dev.progrs.generator.worker.GeneratorConfig;
import dev.progrs.centering.maths.CenteringConfig;
import dev.progrs.learner.grpo.GrpoConfig;
import dev.progrs.learner.loss.LossAggregation;
import dev.progrs.tasks.arithmetic.StepRange;
import dev.progrs.models.eval.HeldOutScore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.learner.loss.DualClip;
import dev.progrs.models.eval.PassAtOne;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of {@code progrs run} states the dual clip and the count of GRPO steps skipped for a non-finite gradient. */
class RunReportTest {

    private static RunReport.Inputs inputs(Path dir, DualClip clip, long skipped, long recomputed) {
        RunSettings s = new RunSettings(dir, dir.resolve("policy"), dir.resolve("prm"), GeneratorConfig.defaults("test").withPromptsPerBatch(4), 1, new StepRange(4, 5),
                new GrpoConfig(0.2, 0.2, LossAggregation.TOKEN_MEAN, 0, 5e-5f, 8, 1, 2, 1f, clip), CenteringConfig.defaults(), false, 3840, Duration.ZERO, 7, 0, Duration.ofHours(10), -1, 1);
        TreeMap<Integer, int[]> levels = new TreeMap<>(Map.of(4, new int[] {1, 2}));
        HeldOutScore warm = new HeldOutScore(new PassAtOne(2, 1, levels), null, 1f, 0);
        return new RunReport.Inputs(s, "progrs run --dual-clip " + clip.configValue(), warm, null, 60, 100, List.of(), List.of(),
                Map.of(RunCommand.SKIPPED_STEPS, Long.toString(skipped), RunCommand.RECOMPUTED_STEPS, Long.toString(recomputed)), "", List.of(),
                new StageTimes(100, false, 3840, 3968, 60, List.of()), null, skipped, recomputed);
    }

    @Test
    void theReportAndItsJsonCountTheSkippedAndRecomputedSteps(@TempDir Path dir) throws Exception {
        Path md = RunReport.write(dir.resolve("report"), inputs(dir, DualClip.OFF, 2, 3));
        String text = Files.readString(md);
        assertTrue(text.contains("dual-clip off"), text);
        assertTrue(text.contains("GRPO steps with a non-finite gradient: 3 recomputed finite and used, 2 skipped."), text);
        assertTrue(text.contains("| " + RunCommand.SKIPPED_STEPS + " | 2 |"), text);
        assertTrue(text.contains("| " + RunCommand.RECOMPUTED_STEPS + " | 3 |"), text);
        var json = new ObjectMapper().readTree(dir.resolve("report").resolve(RunReport.STAGE_TIMES_JSON).toFile());
        assertEquals(2, json.get("skippedSteps").asLong());
        assertEquals(3, json.get("recomputedSteps").asLong());
        assertEquals("off", json.get("dualClip").asText());
    }
}
