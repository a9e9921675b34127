package dev.progrs.tasks.eval;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.benchmarks.Benchmark;
import dev.progrs.tasks.benchmarks.BenchmarkLoader;
import dev.progrs.tasks.benchmarks.FixtureBenchmarks;
import dev.progrs.tasks.verify.SharedVerifier;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkEvaluationTest {

    private static Problem problem(String id, String gold, String subject, String level) {
        return new Problem("toy/" + id, "toy", "test", "q " + id, gold, null, Integer.valueOf(level),
                Map.of("subject", subject, "level", level, "sourceId", id));
    }

    private static final List<Problem> TOY = List.of(
            problem("a", "3", "Algebra", "1"),
            problem("b", "\\frac{1}{2}", "Algebra", "2"),
            problem("c", "(1,2)", "Geometry", "2"),
            problem("d", "7", "Geometry", "5"));

    @Test
    void passAt1BySubjectAndLevelWithSamplesAndMissingProblems() throws Exception {
        String preds = """
                {"id": "toy/a", "output": "Answer: 3"}
                {"id": "b", "output": "\\\\boxed{0.5}"}
                {"id": "b", "output": "\\\\boxed{2}"}
                {"index": 2, "output": "\\\\boxed{[1,2]}"}
                {"id": "zzz", "output": "1"}
                """;
        EvaluationReport r = BenchmarkEvaluation.evaluate("toy", TOY, new StringReader(preds), SharedVerifier.get());
        // a: 1, b: 1/2 (two samples), c: 0 (brackets), d: missing → (1 + 0.5 + 0 + 0) / 4
        assertEquals(0.375, r.passAt1(), 1e-12);
        assertEquals(3, r.predicted());
        assertEquals(5, r.predictions());
        assertEquals(1, r.unmatched());
        assertEquals(0.75, r.bySubject().get("Algebra").passAt1(), 1e-12);
        assertEquals(0.0, r.bySubject().get("Geometry").passAt1(), 1e-12);
        assertEquals(0.25, r.byLevel().get("2").passAt1(), 1e-12);
        assertTrue(r.format().contains("Pass@1 37.5%"), r.format());
    }

    @Test
    void malformedLinesNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchmarkEvaluation.evaluate("toy", TOY, new StringReader("{\"id\":\"a\"}\n"), SharedVerifier.get()));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("output"), e.getMessage());
    }

    @Test
    void scoresAFixtureBenchmarkFileByProblemIdSourceIdAndIndex() throws Exception {
        List<Problem> math = BenchmarkLoader.load(Benchmark.MATH500, FixtureBenchmarks.dir());
        String preds = """
                {"id": "math500/test/precalculus/9001.json", "output": "so $\\\\boxed{\\\\left(2, \\\\frac{\\\\pi}{2}\\\\right)}$"}
                {"id": "test/algebra/9002.json", "output": "x = \\\\boxed{7/3}"}
                {"index": 3, "output": "The answer is $\\\\boxed{45^\\\\circ}$."}
                {"index": 5, "output": "\\\\boxed{12}"}
                """;
        EvaluationReport r = BenchmarkEvaluation.evaluate("math500", math, new StringReader(preds), SharedVerifier.get());
        // precalculus, algebra and geometry right; number theory wrong (12, not 10); two without predictions → 3 / 6
        assertEquals(0.5, r.passAt1(), 1e-12);
        assertEquals(4, r.predicted());
        assertEquals(0, r.unmatched());
        assertEquals(1.0, r.bySubject().get("Geometry").passAt1(), 1e-12);
        assertEquals(0.0, r.bySubject().get("Number Theory").passAt1(), 1e-12);
        assertEquals(0.5, r.byLevel().get("2").passAt1(), 1e-12, "level 2: precalculus right, prealgebra missing");
    }
}
