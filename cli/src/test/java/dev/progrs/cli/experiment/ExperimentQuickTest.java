package dev.progrs.cli.experiment;

import dev.progrs.cli.CommandRun;
import dev.progrs.experiment.ExperimentVariant;
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
import org.junit.jupiter.api.Tag;
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
@Tag("slow")
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

        // the designed grid with two PRMs: the main arms outcome-only, incorrect@default, none@default, none@weak and
        // incorrect@weak at K 4 and 8, each with seeds 1 and 2; three ablations and the control at K 8 with seed 1
        List<Path> cellFiles;
        try (Stream<Path> s = Files.list(dir.resolve("cells"))) {
            cellFiles = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(5 * 2 * 2 + 3 + 1, cellFiles.size(), cellFiles.toString());

        // recompute final Pass@1 (sampled and greedy) per (arm, K) from the stored runs
        Map<String, List<Double>> finals = new HashMap<>();
        Map<String, JsonNode> lastBySeed = new HashMap<>();
        for (Path f : cellFiles) {
            JsonNode cell = JSON.readTree(f.toFile());
            JsonNode curve = cell.get("curve");
            JsonNode last = curve.get(curve.size() - 1);
            assertEquals(64, last.get("rollouts").asLong(), f + ": the last evaluation is after the whole budget");
            assertEquals(15, last.get("primaryPerProblem").size(), f + ": per-problem results of the 15 balanced held-out problems");
            ExperimentVariant v = ExperimentVariant.valueOf(cell.get("cell").get("variant").asText());
            String prm = cell.get("cell").get("prm").asText();
            String label = v.usesPrm() ? v.description() + ", " + prm : v.description();
            int k = cell.get("cell").get("groupSize").asInt();
            finals.computeIfAbsent(label + "|K=" + k + " sampled", x -> new ArrayList<>())
                    .add(last.get("correct").asDouble() / last.get("total").asDouble());
            finals.computeIfAbsent(label + "|K=" + k + " greedy", x -> new ArrayList<>())
                    .add(last.get("greedyCorrect").asDouble() / last.get("greedyTotal").asDouble());
            lastBySeed.put(v.configName() + "@" + prm + "-k" + k + "-s" + cell.get("cell").get("seed").asLong(), last);
        }

        Path report = dir.resolve("report").resolve("report.md");
        String md = Files.readString(report);
        List<String> lines = md.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("| arm | K=4 sampled")).findFirst().orElseThrow());
        String[] columns = cells(lines.get(header));
        int checked = 0;
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("| "); i++) {
            String[] row = cells(lines.get(i));
            for (int c = 1; c < row.length; c++) {
                List<Double> values = finals.get(row[0] + "|" + columns[c]);
                if (values == null) {
                    assertEquals("–", row[c], row[0] + " / " + columns[c] + " does not run there");
                    continue;
                }
                double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                double ss = values.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
                double std = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0;
                assertEquals(String.format(Locale.ROOT, "%.1f ± %.1f (%d)", 100 * mean, 100 * std, values.size()), row[c],
                        row[0] + " / " + columns[c]);
                checked++;
            }
        }
        assertEquals(finals.size(), checked, "every (arm, K) of the table was checked");

        // the paired difference of PROGRS@default to outcome-only at K=8: its estimate is the mean per-problem difference
        double diff = 0;
        for (long seed : List.of(1L, 2L)) {
            JsonNode a = lastBySeed.get("incorrect@default-k8-s" + seed);
            JsonNode o = lastBySeed.get("outcome-only@any-k8-s" + seed);
            for (int p = 0; p < 15; p++) {
                diff += (a.get("primaryPerProblem").get(p).asDouble() - o.get("primaryPerProblem").get(p).asDouble()) / 2;
            }
        }
        diff /= 2 * 15;
        String progrsRow = lines.stream().filter(l -> l.startsWith("| PROGRS (centering incorrect), default |")).skip(1).findFirst()
                .orElseThrow();
        assertTrue(cells(progrsRow)[4].startsWith(String.format(Locale.ROOT, "%+.1f [", 100 * diff)), progrsRow + " vs " + diff);

        for (String png : List.of("pass-at-1-k4.png", "pass-at-1-k8.png")) {
            assertTrue(Files.size(dir.resolve("report").resolve(png)) > 1000, png);
            assertTrue(md.contains("(" + png + ")"), "report embeds " + png);
        }
        List<String> csv = Files.readAllLines(dir.resolve("report").resolve("final-pass-at-1.csv"));
        assertEquals("arm,k,prm,seed,rollouts,pass1_sampled,pass1_greedy", csv.get(0));
        assertTrue(csv.get(1).startsWith("warm,,,,0,"), csv.get(1));
        assertEquals(cellFiles.size() + 2, csv.size());
        assertTrue(md.contains("| incorrect@weak | 8 |"), "the indicators table has the PROGRS arm with the weak PRM");
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
    void unknownArmNamesTheAcceptedVariantsAndPrms(@TempDir Path dir) {
        CommandRun r = run(quick(dir, "--arms", "progrs"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("outcome-only, none, incorrect, both, group, mixing-reward, sft"), r.err());
        CommandRun noPrm = run(quick(dir, "--arms", "incorrect@oracle"));
        assertEquals(2, noPrm.code());
        assertTrue(noPrm.err().contains("[default, weak]"), noPrm.err());
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
