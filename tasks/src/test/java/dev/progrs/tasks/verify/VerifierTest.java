package dev.progrs.tasks.verify;

import dev.progrs.tasks.Problem;
import dev.progrs.tasks.arithmetic.ArithmeticProblem;
import dev.progrs.tasks.arithmetic.ArithmeticSuite;
import dev.progrs.tasks.arithmetic.ArithmeticSuiteConfig;
import dev.progrs.tasks.arithmetic.FlawedSolutions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifierTest {

    @Test
    void arithmeticReferenceSolutionsVerifyCorrectWithoutStartingSymja() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.v0());
        try (Verifier v = new Verifier()) {
            for (Problem p : suite.testSet()) {
                Verdict verdict = v.verify(p.referenceSolution(), p.goldAnswer());
                assertTrue(verdict.correct(), p.id() + ": " + verdict);
                assertEquals("answer-line", verdict.rule());
            }
            for (long i = 0; i < 2_000; i++) {
                Problem p = suite.trainProblem(i);
                assertTrue(v.verify(p.text() + "\n" + p.referenceSolution(), p.goldAnswer()).correct());
            }
            assertFalse(v.equivalence().symbolicStarted(), "the arithmetic fast path must not start Symja");
        }
    }

    @Test
    void flawedSolutionsWithAWrongFinalAnswerVerifyIncorrect() {
        ArithmeticSuite suite = new ArithmeticSuite(ArithmeticSuiteConfig.v0().withTestSetSize(7));
        SplittableRandom rng = new SplittableRandom(11);
        int wrong = 0;
        int rightThroughWrongStep = 0;
        try (Verifier v = new Verifier()) {
            for (long i = 0; i < 1_000; i++) {
                Problem p = suite.trainProblem(i);
                ArithmeticProblem ap = suite.parse(p);
                for (FlawedSolutions.Kind k : FlawedSolutions.Kind.values()) {
                    FlawedSolutions.Flawed f = FlawedSolutions.random(ap, k, rng);
                    Verdict verdict = v.verify(f.solution(), p.goldAnswer());
                    assertEquals(f.answerCorrect(), verdict.correct(), k + " " + f + " " + verdict);
                    if (!f.answerCorrect()) {
                        wrong++;
                    } else if (k == FlawedSolutions.Kind.RIGHT_ANSWER_WRONG_STEP) {
                        rightThroughWrongStep++;
                    }
                }
            }
            assertFalse(v.equivalence().symbolicStarted());
        }
        assertTrue(wrong > 1_500, "flawed solutions with a wrong answer: " + wrong);
        assertEquals(1_000, rightThroughWrongStep, "an outcome verifier cannot see a wrong step behind a right answer");
    }

    @Test
    void verdictNamesRuleAndReason() {
        try (Verifier v = new Verifier()) {
            Verdict d = v.verify("We get $\\boxed{\\dfrac{1}{2}}$.", "0.5");
            assertTrue(d.correct());
            assertEquals("boxed", d.rule());
            assertEquals("\\dfrac{1}{2}", d.extracted());
            assertTrue(d.reason().startsWith("exact number"), d.reason());
            Verdict n = v.verify("nothing here", "3");
            assertFalse(n.correct());
            assertNull(n.extracted());
            assertEquals("none", n.rule());
            Verdict w = v.verify("Answer: 10", "100");
            assertFalse(w.correct());
            assertTrue(w.reason().contains("≠"), w.reason());
        }
    }

    @Test
    void neverThrowsOnHostileInput() {
        try (Verifier v = new Verifier(new EquivalenceConfig(Duration.ofMillis(500), 3, 1))) {
            String[] outputs = {null, "", "\\boxed{", "\\boxed{}", "\\boxed{\\frac{\\frac{\\frac{", "Answer: ((((((((((",
                    "\\boxed{" + "(".repeat(5000) + "}", "\\boxed{x^{x^{x^{x^{x^{x^{x^{x}}}}}}}}", "Answer: \u0000\u0001"};
            for (String o : outputs) {
                Verdict d = v.verify(o, "x^2");
                assertFalse(d.correct(), String.valueOf(o));
                assertTrue(d.reason() != null && !d.reason().isEmpty());
            }
            Verdict g = v.verify("Answer: 3", null);
            assertFalse(g.correct());
        }
    }

    @Test
    void symbolicCallsAreBoundedByTheTimeout() {
        try (Verifier v = new Verifier(new EquivalenceConfig(Duration.ofMillis(300), 3, 1))) {
            v.equivalence().warmSymbolic();
            long t0 = System.nanoTime();
            // a huge power the CAS tries to expand
            Verdict d = v.verify("\\boxed{(x+1)^{4000}-(x-1)^{4000}}", "(x+2)^{3999}");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(d.correct());
            assertTrue(ms < 3_000, "took " + ms + " ms: " + d);
            // still usable afterwards
            assertTrue(v.verify("\\boxed{x^2+2x+1}", "(x+1)^2").correct());
        }
    }
}
