package dev.progrs.cli.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CenterCommandTest {

    private static String sample(String group, int index, double outcome, String score) {
        return "{\"group_id\":\"" + group + "\",\"sample_index\":" + index + ",\"group_size\":2,\"outcome\":" + outcome
                + ",\"process_score\":" + score + "}";
    }

    @Test
    void aNonFiniteScoreLeavesOutItsGroupNamesTheLineAndWritesTheOthers(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("scored.jsonl");
        Path out = dir.resolve("centered.jsonl");
        Files.write(in, List.of(sample("g1", 0, 1, "0.8"), sample("g1", 1, 0, "0.6"), sample("g2", 0, 1, "1e999"),
                sample("g2", 1, 0, "0.3"), sample("g3", 0, 0, "0.2"), sample("g3", 1, 1, "0.9")));

        CommandRun r = CommandRun.of("center", "--in", in.toString(), "--out", out.toString());

        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().allMatch(l -> l.contains("\"advantage\":")), String.join("\n", lines));
        assertEquals(2, lines.stream().filter(l -> l.contains("\"g1\"")).count());
        assertEquals(2, lines.stream().filter(l -> l.contains("\"g3\"")).count());
        assertTrue(r.err().contains("line 3: skipped: field \"process_score\" = Infinity is not a finite number"), r.err());
        assertTrue(r.err().contains("group g2: incomplete"), r.err());
        assertTrue(r.err().contains("2 complete groups (4 lines written)"), r.err());
        assertTrue(r.stdStreamsOpen(), "System.out and System.err must stay open");
    }

    @Test
    void writingToStandardOutputLeavesTheStandardStreamsOpen(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("scored.jsonl");
        Files.write(in, List.of(sample("g", 0, 1, "0.5"), sample("g", 1, 0, "0.5")));
        CommandRun r = CommandRun.of("center", "--in", in.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.stdStreamsOpen(), "System.out and System.err must stay open");
    }
}
