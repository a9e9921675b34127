package dev.progrs.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.cli.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bonus-scale} is an option of every command that builds a centering configuration. */
class BonusScaleOptionTest {

    private static final String[][] COMMANDS = {
        {"center"}, {"centering"}, {"replay", "--application-id", "replay-x", "--output-topic", "progrs.advantages.x"}, {"run"},
        {"experiment"},
    };

    @Test
    void everyCenteringCommandRefusesABadBonusScaleNamingTheAcceptedValues() {
        for (String[] command : COMMANDS) {
            String[] args = Stream.concat(Arrays.stream(command), Stream.of("--bonus-scale", "unit")).toArray(String[]::new);
            CommandRun r = CommandRun.of(args);
            assertEquals(2, r.code(), command[0] + ": " + r.err() + r.out());
            assertTrue(r.err().contains("Invalid value 'unit' for configuration 'bonus-scale': accepted values are raw, std"),
                    command[0] + ": " + r.err());
        }
    }

    @Test
    void theHelpOfEveryCenteringCommandShowsTheBonusScaleAndItsDefault() {
        for (String[] command : COMMANDS) {
            String help = CommandRun.of(command[0], "--help").out().replaceAll("\\s+", " "); // picocli wraps long descriptions
            // run and experiment use the pilot's choice (std, docs/experiment/pilot.md); the stream stages the method's raw
            String expected = command[0].equals("run") || command[0].equals("experiment") ? "(default: std)" : "(default: raw)";
            assertTrue(help.contains("--bonus-scale") && help.contains("raw | std") && help.contains(expected), command[0] + ": " + help);
        }
    }

    @Test
    void offlineCenterDividesTheIncorrectSetByItsSpread(@TempDir Path dir) throws Exception {
        // R = (1, 0, 0), b = (0.7, 0.9, 0.1): b̃_I = (0.4, −0.4), σ_I = 0.4 → std bonus ±0.4/0.400001 = ±0.9999975;
        // the correct sample keeps b = 0.7 (not centred in 'incorrect')
        Path in = dir.resolve("in.jsonl");
        Files.write(in, List.of(
                "{\"group_id\": \"g\", \"sample_index\": 0, \"group_size\": 3, \"outcome\": 1, \"process_score\": 0.7}",
                "{\"group_id\": \"g\", \"sample_index\": 1, \"group_size\": 3, \"outcome\": 0, \"process_score\": 0.9}",
                "{\"group_id\": \"g\", \"sample_index\": 2, \"group_size\": 3, \"outcome\": 0, \"process_score\": 0.1}"));
        Path out = dir.resolve("out.jsonl");
        CommandRun r = CommandRun.of("center", "--in", in.toString(), "--out", out.toString(), "--bonus-scale", "std");
        assertEquals(0, r.code(), r.err() + r.out());
        List<JsonNode> lines = Files.readAllLines(out).stream().map(BonusScaleOptionTest::json).toList();
        double unit = 0.4 / (0.4 + 1e-6);
        assertEquals(0.7, lines.get(0).get("centered_bonus").asDouble(), 1e-12);
        assertEquals(unit, lines.get(1).get("centered_bonus").asDouble(), 1e-12);
        assertEquals(-unit, lines.get(2).get("centered_bonus").asDouble(), 1e-12);
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
