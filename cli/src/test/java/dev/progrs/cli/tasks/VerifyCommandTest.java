package dev.progrs.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.progrs.cli.CommandRun;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anInvalidUtf8ByteCostsOnlyItsLineAndEveryLineGetsAVerdict(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8("{\"gold\":\"3\",\"pred\":\"Answer: 3\"}\n"));
        bytes.write(utf8("{\"gold\":\"4\",\"pred\":\"caf"));
        bytes.write(0xFF); // inside a string: replaced by U+FFFD, the line still verifies
        bytes.write(utf8("\\nAnswer: 4\"}\n"));
        bytes.write(0xFF); // outside any string: the line is not JSON
        bytes.write(utf8("{\"gold\":\"5\",\"pred\":\"Answer: 5\"}\n"));
        bytes.write(utf8("{\"gold\":\"6\",\"pred\":\"Answer: 7\"}\n"));
        Path in = dir.resolve("in.jsonl");
        Path out = dir.resolve("out.jsonl");
        Files.write(in, bytes.toByteArray());

        CommandRun r = CommandRun.of("verify", "--in", in.toString(), "--out", out.toString());

        List<String> verdicts = Files.readAllLines(out);
        assertEquals(4, verdicts.size(), String.join("\n", verdicts) + "\n" + r.err());
        assertTrue(verdicts.get(0).startsWith("{\"correct\":true,\"extracted\":\"3\""), verdicts.get(0));
        assertTrue(verdicts.get(1).startsWith("{\"correct\":true,\"extracted\":\"4\""), verdicts.get(1));
        assertTrue(verdicts.get(2).contains("\"rule\":\"invalid-input\"") && verdicts.get(2).contains("line 3 is not JSON"), verdicts.get(2));
        assertTrue(verdicts.get(3).startsWith("{\"correct\":false,\"extracted\":\"7\""), verdicts.get(3));
        assertEquals(1, r.code(), "one invalid line");
        assertTrue(r.err().contains("verified 4 lines: 2 correct, 1 invalid input"), r.err());
        assertTrue(r.stdStreamsOpen());
    }

    @Test
    void theBudgetIsAnOptionAndAnInvalidOneIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"gold\":\"3\",\"pred\":\"Answer: 3\"}\n");
        CommandRun ok = CommandRun.of("verify", "--in", in.toString(), "--budget-ms", "50");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().startsWith("{\"correct\":true"), ok.out());
        CommandRun bad = CommandRun.of("verify", "--in", in.toString(), "--budget-ms", "0");
        assertTrue(bad.code() != 0, "exit code " + bad.code());
        assertTrue(bad.err().contains("Invalid value 'PT0S' for configuration 'budget': accepted 1 ms..60 s"), bad.err());
    }
}
