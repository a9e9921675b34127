package dev.progrs.tasks.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.progrs.tasks.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader's field mapping, on the project's fixture files ({@link FixtureBenchmarks}). */
class BenchmarkLoaderTest {

    private static final Path DIR = FixtureBenchmarks.dir();

    private static Problem first(Benchmark b) {
        return BenchmarkLoader.load(b, DIR).get(0);
    }

    @Test
    void everyFixtureLoadsWithItsProblemCountAndUniqueIdsSkippingBlankLines() {
        Map<Benchmark, List<Problem>> all = BenchmarkLoader.loadAll(DIR);
        for (Map.Entry<Benchmark, List<Problem>> e : all.entrySet()) {
            assertEquals(FixtureBenchmarks.COUNTS.get(e.getKey()), e.getValue().size(), e.getKey().id());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                Problem p = e.getValue().get(i);
                assertTrue(ids.add(p.id()), "duplicate id " + p.id());
                assertEquals(e.getKey().id(), p.suite());
                assertEquals("test", p.split());
                assertEquals(Integer.toString(i), p.meta().get("index"), "index counts problems, not lines");
                assertTrue(!p.goldAnswer().isBlank() && !p.text().isBlank(), p.id());
            }
        }
    }

    @Test
    void math500TakesAnswerSubjectAndLevelAndFallsBackToTheLastBoxed() {
        List<Problem> math = BenchmarkLoader.load(Benchmark.MATH500, DIR);
        Problem p = math.get(0);
        assertEquals("\\left( 2, \\frac{\\pi}{2} \\right)", p.goldAnswer());
        assertEquals("math500/test/precalculus/9001.json", p.id());
        assertEquals("test/precalculus/9001.json", p.meta().get("sourceId"));
        assertEquals(2, p.difficulty());
        assertEquals("Precalculus", p.meta().get("subject"));
        assertEquals("2", p.meta().get("level"));
        assertTrue(p.referenceSolution().contains("\\boxed{"), p.referenceSolution());
        assertEquals("\\text{Ines}", math.get(2).goldAnswer());
        assertEquals("3, 5", math.get(4).goldAnswer());
        assertEquals("10", math.get(5).goldAnswer(), "no 'answer' field: the last \\boxed{} of the solution");
    }

    @Test
    void aimeKeepsTheAnswerStringWithItsLeadingZero() {
        Problem p = first(Benchmark.AIME24);
        assertEquals("017", p.goldAnswer());
        assertEquals("aime24/60", p.id());
        assertEquals("https://example.org/aime/fixture/60", p.meta().get("url"));
        assertTrue(p.text().startsWith("A clock gains"), p.text());
    }

    @Test
    void amcTakesTheNumericAnswerAndTheQuestionWhenThereIsNoProblem() {
        List<Problem> amc = BenchmarkLoader.load(Benchmark.AMC23, DIR);
        assertEquals("2.0", amc.get(0).goldAnswer());
        assertEquals("-1.0", amc.get(1).goldAnswer());
        assertEquals("How many positive divisors does $6$ have?", amc.get(3).text());
        assertNull(amc.get(0).referenceSolution());
    }

    @Test
    void minervaTakesTheLastBoxedOfTheSolutionAndTheCourseAsSubject() {
        List<Problem> minerva = BenchmarkLoader.load(Benchmark.MINERVA, DIR);
        assertEquals("0.1", minerva.get(0).goldAnswer(), "units after the box are not part of the gold");
        assertEquals("3e13", minerva.get(1).goldAnswer());
        assertEquals("e^{-4 t}", minerva.get(2).goldAnswer());
        assertEquals("Introduction to Astronomy (8.282J Spring 2006)", minerva.get(0).meta().get("subject"));
        assertEquals("minerva/2", minerva.get(2).id());
    }

    @Test
    void olympiadBenchTakesFinalAnswerUnitTypeAndJoinsSolutions() {
        List<Problem> oly = BenchmarkLoader.load(Benchmark.OLYMPIADBENCH, DIR);
        Problem single = oly.get(0);
        assertEquals("3", single.goldAnswer());
        assertEquals("false", single.meta().get("is_multiple_answer"));
        assertEquals("", single.meta().get("unit"), "a null unit is empty");
        assertEquals("Numerical", single.meta().get("answer_type"));
        assertEquals("Combinatorics", single.meta().get("subject"));
        assertTrue(single.text().startsWith("In how many ways"), "a null context adds nothing: " + single.text());
        Problem multiple = oly.get(1);
        assertEquals("$10$,$15$", multiple.goldAnswer());
        assertEquals("true", multiple.meta().get("is_multiple_answer"));
        assertEquals("The first gives $n = 10$., The second gives $n = 15$.", multiple.referenceSolution(),
                "solutions are joined with ', '");
        assertEquals("$(1,6), (2,3)$", oly.get(4).goldAnswer());
        assertEquals("Interval", oly.get(5).meta().get("answer_type"));
        assertEquals("km", oly.get(6).meta().get("unit"));
        assertEquals("%", oly.get(7).meta().get("unit"));
        assertEquals("olympiadbench/1613", oly.get(7).id());
    }

    @Test
    void olympiadBenchPutsAContextBeforeTheQuestionAndJoinsSeveralFinalAnswers() throws Exception {
        var node = new ObjectMapper().readTree("{\"id\": 7, \"context\": \"Let $f(x) = x^2$.\", \"question\": \"Find $f(3)$ and $f(-3)$.\","
                + " \"final_answer\": [\"9\", \"9\"], \"unit\": \"None\"}");
        Problem p = BenchmarkLoader.toProblem(Benchmark.OLYMPIADBENCH, node, 0, "inline");
        assertEquals("Let $f(x) = x^2$.\n\nFind $f(3)$ and $f(-3)$.", p.text());
        assertEquals("9, 9", p.goldAnswer());
        assertEquals("", p.meta().get("unit"), "the string 'None' is no unit");
    }

    @Test
    void gsm8kTakesTheTextAfterTheHashMarker() {
        List<Problem> gsm = BenchmarkLoader.load(Benchmark.GSM8K, DIR);
        assertEquals("15", gsm.get(0).goldAnswer());
        assertEquals("2,125", gsm.get(1).goldAnswer());
        assertEquals("-3", gsm.get(2).goldAnswer());
        assertTrue(gsm.get(0).referenceSolution().contains("<<12-9=3>>"), gsm.get(0).referenceSolution());
        assertEquals("gsm8k/1", gsm.get(1).id());
    }

    @Test
    void aLineWithoutAGoldNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Benchmark.GSM8K.fileName()),
                "{\"question\": \"q\", \"answer\": \"1 #### 1\", \"idx\": 0}\n{\"question\": \"q\", \"answer\": \"no marker\", \"idx\": 1}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkLoader.load(Benchmark.GSM8K, dir));
        assertTrue(e.getMessage().contains("gsm8k_test.jsonl:2") && e.getMessage().contains("no gold answer"), e.getMessage());
    }

    @Test
    void aLineThatIsNotJsonNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Benchmark.AIME24.fileName()), "{\"id\": 1, \"problem\": \"p\", \"answer\": \"1\"}\n{oops\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkLoader.load(Benchmark.AIME24, dir));
        assertTrue(e.getMessage().contains("aime24.jsonl:2 is not JSON"), e.getMessage());
    }

    @Test
    void aMissingFieldIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Benchmark.MINERVA.fileName()), "{\"problem\": \"p\", \"idx\": 0}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkLoader.load(Benchmark.MINERVA, dir));
        assertTrue(e.getMessage().contains("missing field 'solution'"), e.getMessage());
    }

    @Test
    void benchmarkNamesParseAndWrongOnesListTheAccepted() {
        assertEquals(Benchmark.MATH500, Benchmark.parse("math500"));
        assertEquals(Benchmark.MATH500, Benchmark.parse("MATH-500"));
        assertEquals(Benchmark.MINERVA, Benchmark.parse("minerva_math"));
        assertEquals(Benchmark.GSM8K, Benchmark.parse("gsm8k_test"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Benchmark.parse("math5000"));
        assertTrue(e.getMessage().contains("math5000") && e.getMessage().contains("math500, aime24, amc23, minerva, olympiadbench, gsm8k"),
                e.getMessage());
    }
}
