package dev.progrs.cli.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.progrs.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiment report committed in docs/experiment is what the code at HEAD writes from the committed
 * runs: {@code progrs experiment --report-only} over a copy of its cells gives the same report.md (apart
 * from the command and provenance lines, which name the directory and the time) and the same CSV.
 */
class CommittedExperimentReportTest {
    private static final Path DOCS = Path.of("..", "docs", "experiment");

    @Test
    void theCommittedReportIsWhatReportOnlyWritesFromTheCommittedCells(@TempDir Path dir) throws IOException {
        Files.copy(DOCS.resolve("settings.json"), dir.resolve("settings.json"));
        Files.createDirectories(dir.resolve("cells"));
        try (Stream<Path> cells = Files.list(DOCS.resolve("cells"))) {
            for (Path c : cells.toList()) {
                Files.copy(c, dir.resolve("cells").resolve(c.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // the grid's models under the names they have since the suite-v2 testbed took the default names
        CommandRun r = CommandRun.of("experiment", "--out", dir.toString(), "--report-only", "--warm-policy", "models/warm/policy-v1-last3", "--steps", "4..7", "--eval-steps", "4..7",
                "--prm", "prm-v1=models/warm/prm-v1-boundary,oracle=oracle,noisy=noisy-oracle:0.2,biased=biased");
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals(body(DOCS.resolve("report").resolve("report.md")), body(dir.resolve("report").resolve("report.md")));
        assertEquals(Files.readString(DOCS.resolve("report").resolve("final-pass-at-1.csv")),
                Files.readString(dir.resolve("report").resolve("final-pass-at-1.csv")));
    }

    /** The report without its command and provenance lines. */
    private static List<String> body(Path report) throws IOException {
        return Files.readAllLines(report).stream().filter(l -> !l.startsWith("Command: ") && !l.startsWith("Machine: ")).toList();
    }
}
