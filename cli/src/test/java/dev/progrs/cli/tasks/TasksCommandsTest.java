package dev.progrs.cli.tasks;


import dev.progrs.cli.CommandRun;
import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;







import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TasksCommandsTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void sampleprintsProblemsWithReferenceSolutions() {
        CommandRun r = run("tasks", "sample", "--suite", "arithmetic", "--n", "3", "--seed", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.out().split("# arithmetic/train/", -1).length - 1, r.out());
        assertEquals(3, r.out().split("\nAnswer: ", -1).length - 1, r.out());
        Problem first = new ArithmeticSuite(ArithmeticSuiteConfig.defaults()).trainProblem(0);
        assertTrue(r.out().contains(first.text() + "\n" + first.referenceSolution()), r.out());
    }

    @Test
    void wrongSuiteOrSplitListsTheAcceptedValuesAndFails() {
        CommandRun r = run("tasks", "sample", "--suite", "math600");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("arithmetic, math500, aime24, amc23, minerva, olympiadbench, gsm8k"), r.err());
        CommandRun s = run("tasks", "sample", "--split", "dev");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("train, test"), s.err());
        CommandRun v = run("verify", "--rules", "boxed,answr-line");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("boxed, answer-line, answer-is, hash-marker, math-span, whole-output, last-number, choice-letter"), v.err());
        CommandRun e = run("eval", "--benchmark", "gsm9k", "--predictions", "x");
        assertEquals(2, e.code());
        assertTrue(e.err().contains("gsm8k"), e.err());
    }

    @Test
    void verifyWritesOneVerdictPerLine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in, "{\"gold\":\"3\",\"pred\":\"Answer: 3\"}\n{\"gold\":\"10\",\"pred\":\"Answer: 100\"}\n");
        CommandRun r = run("verify", "--in", in.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"correct\":true,\"extracted\":\"3\",\"rule\":\"answer-line\""), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"correct\":false,\"extracted\":\"100\""), lines.get(1));
        Files.writeString(in, "{\"gold\":\"3\",\"pred\":\"d=8-1=7\\ng=1-8=3\"}\n");
        assertEquals(0, run("verify", "--in", in.toString(), "--out", out.toString(), "--rules", "answer-line").code());
        assertTrue(Files.readString(out).startsWith("{\"correct\":false,\"extracted\":null,\"rule\":\"none\""), Files.readString(out));
    }

    @Test
    void evalScoresPredictionsByIdAndIndex(@TempDir Path dir) throws Exception {
        List<Problem> test = new ArithmeticSuite(ArithmeticSuiteConfig.defaults()).testSet();
        List<String> lines = new ArrayList<>();
        lines.add("{\"id\":\"" + test.get(0).id() + "\",\"output\":\"" + test.get(0).referenceSolution().replace("\n", "\\n") + "\"}");
        lines.add("{\"index\":1,\"output\":\"Answer: " + test.get(1).goldAnswer() + "\"}");
        lines.add("{\"index\":2,\"output\":\"Answer: " + (Integer.parseInt(test.get(2).goldAnswer()) + 1) % 10 + "\"}");
        Path preds = dir.resolve("preds.jsonl");
        Files.write(preds, lines);
        CommandRun r = run("eval", "--benchmark", "arithmetic", "--predictions", preds.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "Pass@1 %.1f%% over %d problems (3 with predictions", 200.0 / test.size(), test.size())), r.out());
        assertTrue(r.out().contains("by level"), r.out());
    }
}
