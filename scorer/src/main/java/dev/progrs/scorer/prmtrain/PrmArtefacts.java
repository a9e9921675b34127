package dev.progrs.scorer.prmtrain;

import dev.progrs.models.prm.FrozenPrm;
import dev.progrs.models.prm.PrmCheckpoint;
import dev.progrs.models.prm.PrmModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a PRM training run leaves in its output directory: the checkpoint (its manifest carrying the
 * settings, the command line and the held-out numbers), reloaded as a {@link FrozenPrm} so the hash
 * reported is the verified one; the calibration plot; a README line.
 *
 * @param sha256 the frozen checkpoint's hash
 * @param plot   the calibration plot
 */
record PrmArtefacts(String sha256, Path plot) {

    /** Saves the checkpoint and the plot into {@code c.out()}. */
    static PrmArtefacts write(TrainPrmConfig c, PrmModel prm, PrmFit fit, HeldOutCalibration cal, double labelSeconds)
            throws IOException {
        Files.createDirectories(c.out());
        Map<String, String> meta = new TreeMap<>(c.asMap());
        meta.put("command", c.commandLine());
        meta.put("heldOut.auroc", fmt(cal.auroc()));
        meta.put("heldOut.pinball", fmt(cal.pinball()));
        for (int k = 0; k < cal.levels().length; k++) {
            meta.put("heldOut.coverage." + cal.levels()[k], fmt(cal.coverage()[k]));
        }
        meta.put("optimiserSteps", Long.toString(fit.steps()));
        meta.put("bestEpoch", Integer.toString(fit.bestEpoch()));
        meta.put("validationPinball", fmt(fit.bestValidation()));
        meta.put("trainSeconds", fmt(fit.seconds()));
        meta.put("labelSeconds", fmt(labelSeconds));
        PrmCheckpoint.save(prm, c.out(), meta);
        String sha;
        try (FrozenPrm frozen = FrozenPrm.load(c.out(), prm.manager().getDevice())) {
            sha = frozen.sha256();
        }
        Path plot = c.out().resolve("calibration.png");
        CalibrationPlot.write(plot, cal.levels(), cal.coverage(), cal.medians(), cal.rawLabels(), 10);
        return new PrmArtefacts(sha, plot);
    }

    /** The README of the checkpoint: how it was made and its one-line report. */
    void writeReadme(TrainPrmConfig c, TrainPrmReport report, double labelSeconds, double trainSeconds) throws IOException {
        String readme = "# PRM checkpoint\n\n"
                + "`" + c.commandLine() + "` — seed " + c.seed() + ", " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", labelling " + Math.round(labelSeconds) + " s + training " + Math.round(trainSeconds) + " s; "
                + report.oneLine() + "; weights sha256 " + sha256 + "\n";
        Files.writeString(c.out().resolve("README.md"), readme);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
