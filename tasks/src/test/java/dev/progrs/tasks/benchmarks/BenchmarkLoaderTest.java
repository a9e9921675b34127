package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkLoaderTest {

    private static final Path DIR = BenchmarkDirectory.resolve(null);

    @Test
    void everyFileLoadsWithItsProblemCountAndUniqueIds() {
        Map<Benchmark, List<Problem>> all = BenchmarkLoader.loadAll(DIR);
        Map<Benchmark, Integer> expected = Map.of(Benchmark.MATH500, 500, Benchmark.AIME24, 30, Benchmark.AMC23, 40,
                Benchmark.MINERVA, 272, Benchmark.OLYMPIADBENCH, 675, Benchmark.GSM8K, 1319);
        for (Map.Entry<Benchmark, List<Problem>> e : all.entrySet()) {
            assertEquals(expected.get(e.getKey()), e.getValue().size(), e.getKey().id());
            Set<String> ids = new HashSet<>();
            for (Problem p : e.getValue()) {
                assertTrue(ids.add(p.id()), "duplicate id " + p.id());
                assertEquals(e.getKey().id(), p.suite());
                assertEquals("test", p.split());
                assertTrue(!p.goldAnswer().isBlank() && !p.text().isBlank(), p.id());
            }
        }
    }

    @Test
    void goldAnswersComeFromTheRightField() {
        Problem math = BenchmarkLoader.load(Benchmark.MATH500, DIR).get(0);
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", math.goldAnswer());
        assertEquals(2, math.difficulty());
        assertEquals("Precalculus", math.meta().get("subject"));
        assertEquals("math500/test/precalculus/807.json", math.id());
        assertEquals("18", BenchmarkLoader.load(Benchmark.GSM8K, DIR).get(0).goldAnswer());
        assertEquals("204", BenchmarkLoader.load(Benchmark.AIME24, DIR).get(0).goldAnswer());
        assertEquals("27.0", BenchmarkLoader.load(Benchmark.AMC23, DIR).get(0).goldAnswer());
        assertEquals("1.6", BenchmarkLoader.load(Benchmark.MINERVA, DIR).get(0).goldAnswer(), "last \\boxed{} of the solution");
        List<Problem> oly = BenchmarkLoader.load(Benchmark.OLYMPIADBENCH, DIR);
        assertEquals("2", oly.get(0).goldAnswer());
        Problem multi = oly.stream().filter(p -> p.goldAnswer().contains("(1,8,19)")).findFirst().orElseThrow();
        assertEquals("true", multi.meta().get("is_multiple_answer"));
        assertTrue(oly.stream().anyMatch(p -> p.goldAnswer().contains("\\frac{1}{2}, \\sqrt{x}") || p.goldAnswer().contains("$, $")),
                "list answers are joined with ', '");
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

    @Test
    void missingDirectoryNamesThePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkDirectory.resolve(Path.of("/nonexistent/bench")));
        assertTrue(e.getMessage().contains("/nonexistent/bench") && e.getMessage().contains("--benchmarks-dir"), e.getMessage());
    }
}
