package dev.progrs.cli.experiment;

import dev.progrs.cli.CommandRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;






import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code progrs experiment --quick} end to end on the shipped warm policy and both shipped PRMs: the
 * report files exist, the table's numbers are the ones recomputed here from the stored runs, a second
 * invocation resumes (runs nothing again), and other settings in the same directory are refused.
 */
class ExperimentQuickTest {
    private static final Path MODELS = Path.of("..", "models", "warm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static String[] quick(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "--quick", "--out", dir.toString(),
                "--warm-policy", MODELS.resolve("policy-v1").toString(),
                "--prm", "default=" + MODELS.resolve("prm-v1") + ",weak=noisy-oracle:0.3"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void quickExperimentWritesAConsistentReportAndResumes(@TempDir Path dir) throws Exception {
        CommandRun first = run(quick(dir));
        assertEquals(0, first.code(), first.err() + first.out());

        // the whole grid ran: 2 PRM-free arms + 5 PRM arms × 2 PRMs, for K 4 and 8, seeds 1 and 2
        List<Path> cellFiles;
        try (Stream<Path> s = Files.list(dir.resolve("cells"))) {
            cellFiles = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals((2 + 5 * 2) * 2 * 2, cellFiles.size(), cellFiles.toString());

        // recompute final Pass@1 per (arm, K, PRM column) from the stored runs
        Map<String, List<Double>> finals = new HashMap<>();
        for (Path f : cellFiles) {
            JsonNode cell = JSON.readTree(f.toFile());
            JsonNode curve = cell.get("curve");
            JsonNode last = curve.get(curve.size() - 1);
            double pass = last.get("correct").asDouble() / last.get("total").asDouble();
            assertEquals(64, last.get("rollouts").asLong(), f + ": the last evaluation is after the whole budget");
            String variant = ExperimentVariant.valueOf(cell.get("cell").get("variant").asText()).description();
            int k = cell.get("cell").get("groupSize").asInt();
            String prm = cell.get("cell").get("prm").asText();
            for (String column : prm.equals(ExperimentCell.NO_PRM) ? List.of("default", "weak") : List.of(prm)) {
                finals.computeIfAbsent(variant + "|K=" + k + ", " + column + " PRM", x -> new ArrayList<>()).add(pass);
            }
        }

        Path report = dir.resolve("report").resolve("report.md");
        String md = Files.readString(report);
        List<String> lines = md.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| arm | K=")).findFirst().orElseThrow());
        String[] columns = cells(lines.get(header));
        int checked = 0;
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("| "); i++) {
            String[] row = cells(lines.get(i));
            for (int c = 1; c < row.length; c++) {
                List<Double> values = finals.get(row[0] + "|" + columns[c]);
                assertTrue(values != null && values.size() == 2, "two seeds for " + row[0] + " / " + columns[c]);
                double mean = (values.get(0) + values.get(1)) / 2;
                double std = Math.abs(values.get(0) - values.get(1)) / Math.sqrt(2);
                assertEquals(String.format(Locale.ROOT, "%.1f ± %.1f", 100 * mean, 100 * std), row[c], row[0] + " / " + columns[c]);
                checked++;
            }
        }
        assertEquals(7 * 4, checked, "every arm × (K, PRM) cell of the table was checked");
        for (String png : List.of("pass-at-1-k4-default.png", "pass-at-1-k4-weak.png", "pass-at-1-k8-default.png", "pass-at-1-k8-weak.png")) {
            assertTrue(Files.size(dir.resolve("report").resolve(png)) > 1000, png);
            assertTrue(md.contains("(" + png + ")"), "report embeds " + png);
        }
        List<String> csv = Files.readAllLines(dir.resolve("report").resolve("final-pass-at-1.csv"));
        assertEquals(cellFiles.size() + 1, csv.size());
        assertTrue(md.contains("| incorrect | K=8, weak PRM |"), "the indicators table has the PROGRS arm with the weak PRM");
        assertFalse(md.contains("NaN"), md);

        // resuming runs nothing again and leaves the stored runs untouched
        FileTime before = Files.getLastModifiedTime(cellFiles.get(0));
        CommandRun again = run(quick(dir));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains(cellFiles.size() + " finished, 0 to run"), again.out());
        assertEquals(before, Files.getLastModifiedTime(cellFiles.get(0)));

        // other settings in the same directory are refused, naming the setting
        CommandRun other = run(quick(dir, "--lr", "5e-5"));
        assertNotEquals(0, other.code());
        assertTrue(other.err().contains("lr = 1.0E-4, not 5.0E-5"), other.err());
    }

    @Test
    void unknownVariantNamesTheAcceptedOnes(@TempDir Path dir) {
        CommandRun r = run(quick(dir, "--variants", "progrs"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("outcome-only, none, incorrect, both, group, mixing-reward, sft"), r.err());
    }

    private static String[] cells(String row) {
        String[] parts = row.split("\\|");
        String[] out = new String[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            out[i - 1] = parts[i].trim();
        }
        return out;
    }
}
