package dev.progrs.tasks.benchmarks;

import dev.progrs.tasks.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader over the full benchmark files of {@code PROGRS_BENCHMARKS_DIR}; skipped without it
 * ({@link FullBenchmarks}). The last test holds the pinned hashes of {@link Benchmark#source()} to
 * the configured copies, so point the variable at the unchanged files.
 */
class BenchmarkFullDataTest {

    private Path dir;

    @BeforeEach
    void setUp() {
        dir = FullBenchmarks.dirOrSkip("BenchmarkFullDataTest");
    }

    @Test
    void everyFileLoadsWithItsProblemCountAndUniqueIds() {
        Map<Benchmark, List<Problem>> all = BenchmarkLoader.loadAll(dir);
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
        Problem math = BenchmarkLoader.load(Benchmark.MATH500, dir).get(0);
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", math.goldAnswer());
        assertEquals(2, math.difficulty());
        assertEquals("Precalculus", math.meta().get("subject"));
        assertEquals("math500/test/precalculus/807.json", math.id());
        assertEquals("18", BenchmarkLoader.load(Benchmark.GSM8K, dir).get(0).goldAnswer());
        assertEquals("204", BenchmarkLoader.load(Benchmark.AIME24, dir).get(0).goldAnswer());
        assertEquals("27.0", BenchmarkLoader.load(Benchmark.AMC23, dir).get(0).goldAnswer());
        assertEquals("1.6", BenchmarkLoader.load(Benchmark.MINERVA, dir).get(0).goldAnswer(), "last \\boxed{} of the solution");
        List<Problem> oly = BenchmarkLoader.load(Benchmark.OLYMPIADBENCH, dir);
        assertEquals("2", oly.get(0).goldAnswer());
        Problem multi = oly.stream().filter(p -> p.goldAnswer().contains("(1,8,19)")).findFirst().orElseThrow();
        assertEquals("true", multi.meta().get("is_multiple_answer"));
        assertTrue(oly.stream().anyMatch(p -> p.goldAnswer().contains("\\frac{1}{2}, \\sqrt{x}") || p.goldAnswer().contains("$, $")),
                "list answers are joined with ', '");
    }

    @Test
    void theFilesAreThePinnedOnes() throws Exception {
        BenchmarkCache asCache = new BenchmarkCache(dir);
        for (Benchmark b : Benchmark.values()) {
            CachedFile f = asCache.inspect(b);
            assertEquals(CachedFile.State.VERIFIED, f.state(), b.id() + ": " + f.sha256() + " vs pinned " + b.source().sha256());
        }
    }
}
