package dev.progrs.scorer.prmtrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPrmRunTest {

    @TempDir
    Path dir;

    @Test
    void aTinyRunWritesAFrozenCheckpointAReportAPlotAndAReadme() throws Exception {
        Path policy = TinyPolicy.save(dir.resolve("policy"), 4);
        TrainPrmConfig c = new TrainPrmConfig(policy, dir.resolve("prm"), 16, 0, 2, 1.0, 0.25, 9, 2, 1.0, 4, 1e-3f,
                1f, 24, 32, PrmConfig.DEFAULT_LEVELS, true, true, 0.2, 2, dir.resolve("labels.jsonl"), 4, "progrs train-prm --test");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // a stand-in verdict that splits random outputs into both outcomes
        TrainPrmReport r = TrainPrmRun.run(c, (response, gold) -> response.length() % 2 == 0, new PrintStream(log));
        assertEquals(4, r.heldOutRollouts());
        assertTrue(r.heldOutPrefixes() >= 4);
        assertTrue(r.optimiserSteps() >= 1 && r.optimiserSteps() <= 8, "steps " + r.optimiserSteps());
        for (int k = 0; k < 3; k++) {
            assertTrue(r.coverage()[k] >= 0 && r.coverage()[k] <= 1);
            assertTrue(r.rawCoverageBelow()[k] <= r.rawCoverageAtOrBelow()[k]);
        }
        assertTrue(r.pinball() > 0 && r.pinball() < 1.5, "pinball " + r.pinball());
        assertTrue(Files.size(r.plot()) > 1000);
        assertTrue(Files.readString(dir.resolve("prm/README.md")).contains("progrs train-prm --test"));
        try (FrozenPrm frozen = FrozenPrm.load(dir.resolve("prm"), Device.cpu())) {
            assertEquals(r.sha256(), frozen.sha256());
            assertEquals("progrs train-prm --test", frozen.manifest().training().get("command"));
        }
        assertTrue(log.toString().contains("AUROC"), log.toString());
        assertTrue(log.toString().contains("early stopping"), log.toString());

        // a second run reads the stored labels instead of sampling again, and reports the same held-out split
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        TrainPrmConfig again = new TrainPrmConfig(policy, dir.resolve("prm2"), 16, 0, 2, 1.0, 0.25, 9, 1, 1.0, 4, 1e-3f,
                1f, 24, 32, PrmConfig.DEFAULT_LEVELS, true, true, 0.2, 2, dir.resolve("labels.jsonl"), 0, "again");
        TrainPrmReport r2 = TrainPrmRun.run(again, (response, gold) -> { throw new AssertionError("sampled again"); }, new PrintStream(log2));
        assertTrue(log2.toString().contains("labels read from"), log2.toString());
        assertEquals(r.heldOutPrefixes(), r2.heldOutPrefixes());
    }
}
